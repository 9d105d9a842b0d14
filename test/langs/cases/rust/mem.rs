fn main() {
    let mut a: Vec<Vec<u8>> = Vec::new();
    loop {
        a.push(vec![1u8; 16 << 20]);
    }
}
