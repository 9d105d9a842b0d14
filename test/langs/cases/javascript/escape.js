const net = require("net"), fs = require("fs"), cp = require("child_process");
const port = parseInt(fs.readFileSync(0, "utf8"), 10);
const bad = [];
try { fs.readFileSync("/etc/shadow"); bad.push("shadow"); } catch (e) {}
for (const p of ["/escape", "/box/escape"]) {
    try { fs.writeFileSync(p, "x"); bad.push("wrote " + p); } catch (e) {}
}
try { cp.spawn("sleep", ["30"], { detached: true, stdio: "ignore" }).unref(); } catch (e) {}
const s = net.connect(port, "127.0.0.1");
s.setTimeout(2000, () => { s.destroy(); done(); });
s.on("connect", () => { bad.push("connected"); s.destroy(); done(); });
s.on("error", () => done());
let printed = false;
function done() { if (!printed) { printed = true; console.log(bad.length ? bad.join(" ") : "safe"); } }
