//! `plan`: the command-line entry point. All the work is in the library; this only sets the exit code.

fn main() -> std::process::ExitCode {
    plan::run()
}
