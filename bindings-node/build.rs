//! Sets up linking against the Node-API symbols the host process provides.

fn main() {
    napi_build::setup();
}
