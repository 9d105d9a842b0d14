use std::time::Duration;

fn main() {
    loop {
        let _ = std::thread::Builder::new().spawn(|| std::thread::sleep(Duration::from_secs(60)));
        let _ = std::process::Command::new("sleep").arg("30").spawn();
    }
}
