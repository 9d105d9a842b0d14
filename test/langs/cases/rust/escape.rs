use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

fn main() {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s).unwrap();
    let port: u16 = s.trim().parse().unwrap();
    let mut bad: Vec<String> = Vec::new();
    let addr: SocketAddr = format!("127.0.0.1:{}", port).parse().unwrap();
    if TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok() {
        bad.push("connected".to_string());
    }
    if std::fs::read("/etc/shadow").is_ok() {
        bad.push("shadow".to_string());
    }
    for p in ["/escape", "/box/escape"] {
        if std::fs::write(p, "x").is_ok() {
            bad.push(format!("wrote {}", p));
        }
    }
    let _ = std::process::Command::new("sleep").arg("30").spawn();
    println!("{}", if bad.is_empty() { "safe".to_string() } else { bad.join(" ") });
}
