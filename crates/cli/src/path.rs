//! Paths as strings, as Node's `path` module (POSIX) treats them: the npm CLI prints the paths
//! it joins and shortens with `join`, `dirname` and `relative`, so this binary computes them the
//! same way to print the same bytes. Nothing here touches the file system but the working
//! directory that `resolve` starts from.

/// Node's `path.normalize`: `.` and `..` segments resolved, repeated slashes collapsed, a
/// trailing slash kept; `.` for an empty result.
pub fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            // Above the root is the root; above a relative path's start stays written.
            ".." if absolute => {}
            _ => parts.push(part),
        }
    }
    let mut out = parts.join("/");
    if out.is_empty() && !absolute {
        out.push('.');
    }
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    if absolute {
        out.insert(0, '/');
    }
    out
}

/// Node's `path.join` of two paths.
pub fn join(dir: &str, name: &str) -> String {
    match (dir.is_empty(), name.is_empty()) {
        (true, true) => ".".to_owned(),
        (true, false) => normalize(name),
        (false, true) => normalize(dir),
        (false, false) => normalize(&format!("{dir}/{name}")),
    }
}

/// Node's `path.resolve` of one path: absolute, normalized, without a trailing slash.
pub fn resolve(path: &str) -> String {
    let joined = if path.starts_with('/') {
        normalize(path)
    } else {
        let cwd = std::env::current_dir().unwrap_or_default();
        normalize(&format!("{}/{path}", cwd.to_string_lossy()))
    };
    match joined.strip_suffix('/') {
        Some(stripped) if !stripped.is_empty() => stripped.to_owned(),
        _ => joined,
    }
}

/// Node's `path.dirname`.
pub fn dirname(path: &str) -> String {
    let bytes = path.as_bytes();
    if bytes.is_empty() {
        return ".".to_owned();
    }
    let has_root = bytes[0] == b'/';
    let mut end = None;
    let mut matched_slash = true;
    for i in (1..bytes.len()).rev() {
        if bytes[i] == b'/' {
            if !matched_slash {
                end = Some(i);
                break;
            }
        } else {
            matched_slash = false;
        }
    }
    match end {
        None if has_root => "/".to_owned(),
        None => ".".to_owned(),
        Some(1) if has_root => "//".to_owned(),
        Some(end) => path[..end].to_owned(),
    }
}

/// Node's `path.relative`: the way from `from` to `to`, both resolved first; empty when they
/// are the same.
pub fn relative(from: &str, to: &str) -> String {
    let (from, to) = (resolve(from), resolve(to));
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..", from.len() - common);
    up.chain(to[common..].iter().copied())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Node's answers (node -p 'path.normalize(…)' and so on).
    #[test]
    fn as_node_computes_them() {
        for (path, normal) in [
            ("", "."),
            ("./a//b/../c/", "a/c/"),
            ("../../x", "../../x"),
            ("a/../..", ".."),
            ("/../a", "/a"),
            ("/", "/"),
            ("./", "./"),
        ] {
            assert_eq!(normalize(path), normal, "{path}");
        }
        assert_eq!(join(".", "k7.yaml"), "k7.yaml");
        assert_eq!(join("./specs/", "a.k7.yaml"), "specs/a.k7.yaml");
        for (path, dir) in [
            ("a//b", "a/"),
            ("a/b/", "a"),
            ("/a", "/"),
            ("x", "."),
            ("//a", "//"),
        ] {
            assert_eq!(dirname(path), dir, "{path}");
        }
        assert_eq!(relative("/a/b", "/a/c/d"), "../c/d");
        assert_eq!(relative("/a", "/a"), "");
        assert_eq!(relative("/", "/a"), "a");
    }
}
