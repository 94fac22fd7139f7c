//! The browser playground's entry point: Trunk compiles this binary to wasm32 and index.html
//! loads it. Natively it only says where the playground lives.

#[cfg(target_arch = "wasm32")]
fn main() {
    fulcrum::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "the playground runs in a browser: `scripts/serve.sh` builds it and serves it on http://127.0.0.1:8080/"
    );
    eprintln!("the native command line is `fulcrum` (cargo run --release -- strategies)");
    std::process::exit(2);
}
