//! The course runner: `cargo run` opens the menu; `cargo run -- help` lists the commands.

mod runner;

fn main() -> std::process::ExitCode {
    runner::main()
}
