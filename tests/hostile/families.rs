//! Worst-case inputs, one generator per hostile family, each filling `size` bytes: the hostile
//! corpus suite (`tests/hostile.rs`) checks what they return and that the work they cause grows
//! linearly; `benches/worst.rs` times them against a benign spec of the same size.

/// A hostile family: its name, its generator (a spec of at most `size` bytes) and whether the
/// spec is meant to render (no error).
pub struct Family {
    pub name: &'static str,
    pub generate: fn(usize) -> String,
    pub renders: bool,
}

const HEAD: &str = "name: demo\nimage: alpine:3.20\nbackend: k7d\n";

/// `head`, then `line(i)` for i = 0, 1, ... while the text stays within `size` bytes.
fn lines(head: &str, size: usize, line: impl Fn(usize) -> String) -> String {
    let mut s = String::from(head);
    for i in 0.. {
        let next = line(i);
        if s.len() + next.len() > size {
            break;
        }
        s.push_str(&next);
    }
    s
}

/// `head` and one scalar of `c` that fills the text to `size` bytes, then `tail`.
fn long(head: &str, c: &str, tail: &str, size: usize) -> String {
    let n = size.saturating_sub(head.len() + tail.len()) / c.len();
    format!("{head}{}{tail}", c.repeat(n))
}

/// The benign reference: a whitelist of ranges, names and wildcards in turn, which renders
/// every kind of egress rule.
pub fn benign(size: usize) -> String {
    lines(&format!("{HEAD}egress_whitelist:\n"), size, |i| {
        match i % 3 {
            0 => format!("  - 10.{}.{}.0/24\n", (i >> 8) & 255, i & 255),
            1 => format!("  - host-{i}.example.com\n"),
            _ => format!("  - \"*.svc-{i}.example.org\"\n"),
        }
    })
}

pub const FAMILIES: &[Family] = &[
    Family {
        name: "benign whitelist",
        generate: benign,
        renders: true,
    },
    Family {
        // The reader used to parse the whole text again for each such tab.
        name: "`key:<TAB>value` lines",
        generate: |size| {
            lines(&format!("{HEAD}volumes:\n"), size, |i| {
                format!("  - name:\tdata-{i}\n")
            })
        },
        renders: true,
    },
    Family {
        name: "tabs after colons in quotes",
        generate: |size| {
            lines(&format!("{HEAD}volumes:\n"), size, |i| {
                format!("  - name: \"a:\tb-{i}\"\n")
            })
        },
        renders: true,
    },
    Family {
        name: "a large document, then tab lines",
        generate: |size| {
            let mut s = benign(size - 4096);
            s.push_str("volumes:\n");
            s.push_str(&lines("", 4096, |i| format!("  - name:\tv{i}\n")));
            s
        },
        renders: true,
    },
    Family {
        // Did-you-mean compared each with every field name.
        name: "unknown keys",
        generate: |size| lines(HEAD, size, |i| format!("e{i:015}: 1\n")),
        renders: false,
    },
    Family {
        // An implicit key is at most 1024 characters long: an explicit one (`? `) is not.
        name: "one long unknown key",
        generate: |size| long(&format!("{HEAD}? "), "k", "\n: 1\n", size),
        renders: false,
    },
    Family {
        name: "unknown capabilities",
        generate: |size| {
            lines(&format!("{HEAD}cap_add:\n"), size, |i| {
                format!("  - NET_ADMI{}\n", i % 1000)
            })
        },
        renders: false,
    },
    Family {
        name: "one long unknown capability",
        generate: |size| long(&format!("{HEAD}cap_add:\n  - "), "X", "\n", size),
        renders: false,
    },
    Family {
        name: "capabilities added and dropped",
        generate: |size| {
            let half = lines(&format!("{HEAD}cap_add:\n"), size / 2, |_| {
                "  - NET_BIND_SERVICE\n".into()
            });
            lines(&format!("{half}cap_drop:\n"), size, |_| {
                "  - NET_BIND_SERVICE\n".into()
            })
        },
        renders: true,
    },
    Family {
        // Render de-duplicated ports and sources with `Vec::contains`.
        name: "ingress sources",
        generate: |size| {
            lines(
                &format!("{HEAD}ingress_ports: [8080]\ningress_from:\n"),
                size,
                |i| format!("  - sandbox:client-{i}\n"),
            )
        },
        renders: true,
    },
    Family {
        name: "ingress and exposed ports",
        generate: |size| {
            let half = lines(
                &format!("{HEAD}ingress_from: [\"cidr:10.0.0.0/8\"]\ningress_ports:\n"),
                size * 3 / 4,
                |i| format!("  - {}\n", 1 + i % 65535),
            );
            lines(&format!("{half}expose_ports:\n"), size, |i| {
                format!("  - {}\n", 1 + i % 30000)
            })
        },
        renders: true,
    },
    Family {
        name: "duplicate keys",
        generate: |size| lines(HEAD, size, |_| "name: demo\n".into()),
        renders: false,
    },
    Family {
        name: "duplicate whitelist entries",
        generate: |size| {
            lines(&format!("{HEAD}egress_whitelist:\n"), size, |_| {
                "  - 10.0.0.0/8\n".into()
            })
        },
        renders: true,
    },
    Family {
        name: "invalid whitelist entries",
        generate: |size| {
            lines(&format!("{HEAD}egress_whitelist:\n"), size, |i| {
                format!("  - https://host-{i}.example.com:443/simple\n")
            })
        },
        renders: false,
    },
    Family {
        name: "IPv4-mapped IPv6 whitelist",
        generate: |size| {
            lines(&format!("{HEAD}egress_whitelist:\n"), size, |i| {
                format!("  - \"::ffff:10.{}.{}.0/120\"\n", (i >> 8) & 255, i & 255)
            })
        },
        renders: true,
    },
    Family {
        name: "aliases",
        generate: |size| {
            let head = format!("{HEAD}volumes:\n  - &v {{name: data}}\n");
            let aliases = lines(&head, size.min(head.len() + 6 * 30_000), |_| {
                "  - *v\n".into()
            });
            lines(&aliases, size, |i| format!("  - {{name: v{i}}}\n"))
        },
        renders: true,
    },
    Family {
        name: "deep flow nesting, repeated",
        generate: |size| {
            let deep = format!("{}x{}", "[".repeat(59), "]".repeat(59));
            lines(&format!("{HEAD}volumes:\n"), size, |_| {
                format!("  - {{n: {deep}}}\n")
            })
        },
        renders: true,
    },
    Family {
        name: "one long image",
        generate: |size| long("name: demo\nimage: ", "a", "\nbackend: k7d\n", size),
        renders: true,
    },
    Family {
        name: "one long line of newlines' worth",
        generate: |size| long(HEAD, "\n", "", size),
        renders: true,
    },
    Family {
        name: "comments",
        generate: |size| lines(HEAD, size, |i| format!("# comment {i}: \t  ok\n")),
        renders: true,
    },
    Family {
        name: "long before_script",
        generate: |size| {
            lines(&format!("{HEAD}before_script: |\n"), size, |i| {
                format!("  apk add curl-{i} && pip install x && apt-get install -y y\n")
            })
        },
        renders: true,
    },
    Family {
        name: "one-line before_script of words",
        generate: |size| {
            long(
                &format!("{HEAD}before_script: \"apk add"),
                " x",
                "\"\n",
                size,
            )
        },
        renders: true,
    },
    Family {
        name: "control characters to escape",
        generate: |size| {
            lines(&format!("{HEAD}volumes:\n"), size, |_| {
                "  - name: \"\\x01\\x7f\\u0085\\u2028\\ufeff\\x1b[31m\"\n".into()
            })
        },
        renders: true,
    },
    Family {
        name: "astral characters",
        generate: |size| lines(HEAD, size, |i| format!("\u{1F600}{i:07}: \u{1F600}\n")),
        renders: false,
    },
    Family {
        name: "JSON on one line",
        generate: |size| {
            let mut s =
                String::from(r#"{"name": "demo", "image": "alpine:3.20", "egress_whitelist": ["#);
            let mut i = 0;
            while s.len() + 40 < size {
                s.push_str(&format!("\"10.{}.{}.0/24\",", (i >> 8) & 255, i & 255));
                i += 1;
            }
            s.push_str("\"10.255.255.0/24\"]}");
            s
        },
        renders: true,
    },
];
