//! `worker`: one datafusion-distributed worker serving its gRPC service on a local port.

use crate::args::Args;
use datafusion_distributed::Worker;
use std::io::Write;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;

pub fn main(argv: &[String]) -> Result<(), String> {
    let args = Args::parse(argv, &["--port", "--host", "--threads"])?;
    let port: u16 = args.number("--port", 0)?;
    let host = args.get("--host").unwrap_or("127.0.0.1").to_string();
    let threads: usize = args.number("--threads", 0)?;
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if threads > 0 {
        runtime.worker_threads(threads);
    }
    let runtime = runtime.enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(serve(host, port))
}

async fn serve(host: String, port: u16) -> Result<(), String> {
    let listener = TcpListener::bind((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot bind {host}:{port}: {e}"))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    // The driver waits for this line: the socket is bound, so connections from here on queue.
    println!("listening on http://{}:{}", host, bound.port());
    std::io::stdout().flush().map_err(|e| e.to_string())?;

    let mut sigterm = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    let shutdown = async move {
        tokio::select! {
            _ = sigterm.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    };
    Server::builder()
        .add_service(Worker::default().into_worker_server())
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
        .map_err(|e| format!("worker on port {}: {e}", bound.port()))
}
