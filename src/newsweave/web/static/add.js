// The "Add articles" page: drag and drop, upload, then poll the job (served from
// /static so the Content-Security-Policy can forbid inline scripts).
const form = document.getElementById("upload-form"), drop = document.getElementById("drop");
const input = document.getElementById("files"), status = document.getElementById("status");
let dropped = [];
drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", e => { e.preventDefault(); drop.classList.remove("over");
  dropped = Array.from(e.dataTransfer.files); status.textContent = dropped.length + " file(s) ready"; });
function show(text, cls) { status.textContent = text; status.className = cls || ""; }
async function poll(url) {
  for (;;) {
    const job = await (await fetch(url)).json();
    if (job.state === "done" || job.state === "failed") {
      status.replaceChildren();
      const p = document.createElement("p"); p.id = "job-result"; p.textContent = job.message;
      p.className = job.state === "failed" ? "error" : ""; status.append(p);
      const ul = document.createElement("ul");
      for (const id of job.stories) { const li = document.createElement("li"); const a = document.createElement("a");
        a.href = "/stories/" + encodeURIComponent(id); a.textContent = "story " + id; li.append(a); ul.append(li); }
      for (const r of job.rejected) { const li = document.createElement("li"); li.className = "error";
        li.textContent = r.path + ": " + r.reason; ul.append(li); }
      for (const w of job.warnings || []) { const li = document.createElement("li"); li.className = "warning";
        li.textContent = w.path + ": " + w.message; ul.append(li); }
      for (const f of job.failed || []) { const li = document.createElement("li"); li.className = "error";
        li.textContent = f.kind + " " + f.id + " (" + f.stage + "): " + f.reason; ul.append(li); }
      status.append(ul); return;
    }
    show("Processing… (" + job.state + ")");
    await new Promise(r => setTimeout(r, 500));
  }
}
form.addEventListener("submit", async e => {
  e.preventDefault();
  const data = new FormData();
  for (const f of [...dropped, ...input.files]) data.append("files", f, f.name);
  const text = document.getElementById("text").value;
  if (text.trim()) data.append("text", text);
  show("Uploading…");
  const resp = await fetch("/api/uploads", { method: "POST", body: data });
  const body = await resp.json();
  if (!resp.ok) { show(body.message, "error"); return; }
  poll(body.status_url);
});
