//! Reading a spec as the npm CLI does (npm/cli.mjs's `read`): one byte past the core's limit at
//! most, judged by the core (`spec_text`: the limit, UTF-8), and the file system's errors in
//! Node's words.

use std::io::{self, Read};

/// Reading stops one byte past the core's limit on a spec: no more is read, whatever the input.
const MAX_BYTES: u64 = k7_spec::MAX_INPUT_BYTES as u64 + 1;

/// The text of the file at `path` (`-` is standard input, read once into `stdin`), or why it
/// cannot be read.
pub fn read(path: &str, stdin: &mut Option<Vec<u8>>) -> Result<String, String> {
    let bytes = if path == "-" {
        match stdin {
            Some(bytes) => bytes.clone(),
            None => {
                let bytes = read_bytes(io::stdin().lock()).map_err(|e| reason(e, "read"))?;
                stdin.insert(bytes).clone()
            }
        }
    } else {
        let file = std::fs::File::open(path).map_err(|e| reason(e, &format!("open '{path}'")))?;
        read_bytes(file).map_err(|e| reason(e, "read"))?
    };
    k7_spec::spec_text(&bytes).map(str::to_owned)
}

/// The bytes of `input` up to one past the limit.
fn read_bytes(input: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(MAX_BYTES).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Why a file system call failed, in a few words: the npm CLI's three, else Node's message
/// (`CODE: what, call`) for the errors a read or a write meets.
pub fn reason(error: io::Error, call: &str) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::IsADirectory => "is a directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => node_message(&error, call),
    }
}

/// Node's message for an operating system error of a call (`ENOSPC: no space left on device,
/// write`, `ENOTDIR: not a directory, open 'x/k7.yaml'`): libuv's name and words for the errors
/// a command line meets, else Rust's.
pub fn node_message(error: &io::Error, call: &str) -> String {
    let known = match error.raw_os_error() {
        Some(5) => ("EIO", "i/o error"),
        Some(6) => ("ENXIO", "no such device or address"),
        Some(20) => ("ENOTDIR", "not a directory"),
        Some(22) => ("EINVAL", "invalid argument"),
        Some(27) => ("EFBIG", "file too large"),
        Some(28) => ("ENOSPC", "no space left on device"),
        Some(36) => ("ENAMETOOLONG", "name too long"),
        Some(40) => ("ELOOP", "too many symbolic links encountered"),
        Some(122) => ("EDQUOT", "disk quota exceeded"),
        _ => return error.to_string(),
    };
    format!("{}: {}, {call}", known.0, known.1)
}
