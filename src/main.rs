fn main() {
    println!("parlings: the runner is being written");
}
