"""Evaluation of newsweave stages against gold data (scores, baselines, loaders)."""
