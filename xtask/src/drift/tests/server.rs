//! A tiny HTTP/1.1 server on 127.0.0.1 that answers canned JSON and records what it was sent.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::drift::api::Api;

/// One request the server received.
#[derive(Clone, Debug)]
pub(super) struct Call {
    pub(super) method: String,
    pub(super) path: String,
    /// Names in lower case.
    pub(super) headers: BTreeMap<String, String>,
    pub(super) body: String,
}

impl Call {
    pub(super) fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

/// A server that answers each path with a canned status and JSON (404 elsewhere), one
/// connection at a time, until the test process ends.
pub(super) struct Server {
    pub(super) base: String,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl Server {
    pub(super) fn start(answers: &[(&str, u16, Value)]) -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let answers: HashMap<String, (u16, String)> = answers
            .iter()
            .map(|(path, status, body)| ((*path).to_string(), (*status, body.to_string())))
            .collect();
        let calls = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&calls);
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                while let Ok((stream, _)) = listener.accept().await {
                    answer(stream, &answers, &recorded).await;
                }
            });
        });
        Server { base, calls }
    }

    pub(super) fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// `METHOD /path` of each call, in order.
    pub(super) fn routes(&self) -> Vec<String> {
        self.calls()
            .iter()
            .map(|call| format!("{} {}", call.method, call.path))
            .collect()
    }

    pub(super) fn api(&self) -> Api {
        Api::new(&self.base, "web-secret", "app-secret").unwrap()
    }
}

async fn answer(
    mut stream: tokio::net::TcpStream,
    answers: &HashMap<String, (u16, String)>,
    recorded: &Mutex<Vec<Call>>,
) {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("").to_string();
    let path = request_line.next().unwrap_or("").to_string();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buffer[head_end..head_end + length]).to_string();
    let (status, text) = answers.get(&path).cloned().unwrap_or((
        404,
        r#"{"Message":"No HTTP resource was found."}"#.to_string(),
    ));
    recorded.lock().unwrap().push(Call {
        method,
        path,
        headers,
        body,
    });
    let response = format!(
        "HTTP/1.1 {status} Canned\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
