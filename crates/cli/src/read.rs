//! Reading a spec as the npm CLI does (npm/cli.mjs's `read`): at most 1 MiB, UTF-8 or an error
//! with the position of the first invalid byte, and the file system's errors in its words.

use std::io::{self, Read};

/// The core's limit on a spec (MAX_INPUT_BYTES in src/source.rs): reading stops past it.
const MAX_BYTES: u64 = 1 << 20;

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
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "more than {MAX_BYTES} bytes (1 MiB), the limit of a spec"
        ));
    }
    decode(bytes)
}

/// The bytes of `input` up to one past the limit: no more is read, whatever the input's length.
fn read_bytes(input: impl Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The text of UTF-8 bytes, or the line, UTF-16 column and byte offset of the first invalid
/// sequence, as K7's loader refuses such a file (a replacement character would hide it).
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let last = before.rsplit('\n').next().unwrap_or_default();
        let column = last.encode_utf16().count() + 1;
        format!("invalid UTF-8 at line {line}, column {column} (byte offset {offset})")
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located_as_the_npm_cli_locates_it() {
        let bytes = b"a: 1\n\xf0\x9f\xa6\x80 \xff".to_vec();
        assert_eq!(
            decode(bytes).unwrap_err(),
            "invalid UTF-8 at line 2, column 4 (byte offset 10)"
        );
        assert_eq!(decode(b"\xef\xbb\xbfa".to_vec()).unwrap(), "\u{feff}a");
    }
}
