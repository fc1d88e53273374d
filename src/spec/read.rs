//! The reader behind [`build`](super::build): one [`Read`] impl per kind of value, reporting
//! every value of the wrong type with a fix written for its place in the file.

use std::rc::Rc;

use serde_json::Value as Json;

use super::{FIELDS, Kind, List, Spanned};
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic, pointer};
use crate::scalar::{Scalar, parse_int, resolve, yaml11_bool};
use crate::source::{Node, Style, Value};
use crate::suggest::closest;

use super::values::{Limit, Script};

/// A typed value read from a string scalar; it keeps the text and what the text means.
pub(crate) trait FromText {
    fn from_text(text: &str) -> Self;
}

impl FromText for String {
    fn from_text(text: &str) -> Self {
        text.to_owned()
    }
}

/// A field's value, read from its node; `None` after reporting why it cannot be read.
pub(crate) trait Read: Sized {
    /// The YAML type the field holds, for the field table and the schema.
    const KIND: Kind;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self>;
}

impl<T: FromText> Read for Spanned<T> {
    const KIND: Kind = Kind::Str;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        reader.string(at, node).map(|text| Spanned {
            value: T::from_text(text),
            span: node.span,
        })
    }
}

impl Read for Spanned<Script> {
    const KIND: Kind = Kind::Str;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        let text = reader.string(at, node)?;
        let style = match &node.value {
            Value::Scalar { style, .. } => *style,
            _ => Style::Plain,
        };
        Some(Spanned {
            value: Script::new(text, style),
            span: node.span,
        })
    }
}

impl Read for Spanned<bool> {
    const KIND: Kind = Kind::Bool;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        reader.boolean(at, node)
    }
}

impl<T: FromText> Read for List<T> {
    const KIND: Kind = Kind::StrList;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        reader.list(at, node, text_item, |reader, item, node| {
            reader.string(item, node).map(|text| Spanned {
                value: T::from_text(text),
                span: node.span,
            })
        })
    }
}

impl Read for List<i64> {
    const KIND: Kind = Kind::PortList;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        reader.list(at, node, port_item, |reader, item, node| {
            reader.port(item, node)
        })
    }
}

impl Read for List<Rc<Node>> {
    const KIND: Kind = Kind::MapList;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        reader.list(
            at,
            node,
            |_, _| None,
            |reader, item, node| {
                if matches!(node.value, Value::Map(_)) {
                    return Some(Spanned {
                        value: Rc::clone(node),
                        span: node.span,
                    });
                }
                reader.wrong_type(
                    item,
                    node,
                    "a mapping",
                    "write each volume as a mapping, such as `- name: data`".into(),
                );
                None
            },
        )
    }
}

impl Read for Spanned<Vec<Limit>> {
    const KIND: Kind = Kind::StrMap;
    fn read(reader: &mut Reader, at: Loc, node: &Node) -> Option<Self> {
        let Value::Map(entries) = &node.value else {
            let key = at.field();
            reader.wrong_type(
                at,
                node,
                "a mapping",
                format!(
                    "write `{key}:` then one `name: \"value\"` per line, such as `memory: \"1Gi\"`"
                ),
            );
            return None;
        };
        let limits = entries
            .iter()
            .filter_map(|(k, v)| {
                let name = k.scalar().unwrap_or_default();
                let text = reader.string(Loc::Entry(at.field(), name), v)?;
                Some(Limit {
                    key: Spanned {
                        value: name.to_owned(),
                        span: k.span,
                    },
                    value: Spanned {
                        value: FromText::from_text(text),
                        span: v.span,
                    },
                })
            })
            .collect();
        Some(Spanned {
            value: limits,
            span: node.span,
        })
    }
}

/// A fix that sets a value: its applicability, its title and the new value.
struct Rewrite(Applicability, String, Json);

/// The fix that quotes a scalar YAML reads as another type where K7 needs a string: the same
/// text, as a string (safe: K7 refuses or misreads the other type there).
fn quote(at: Loc, text: &str) -> Rewrite {
    Rewrite(
        Applicability::Safe,
        format!("Write `{}\"{text}\"`", at.lead()),
        Json::String(text.to_owned()),
    )
}

/// The one item a string list holds when a single string is written in its place: K7 iterates
/// that string character by character (`cap_drop: ALL` drops `A` and `L`), so the list changes
/// what it does. A text with commas, or what YAML reads as another type, is left alone.
fn text_item(text: &str, style: Style) -> Option<(Json, Applicability)> {
    let plain_other =
        style == Style::Plain && (resolve(text) != Scalar::Str || yaml11_bool(text).is_some());
    (!plain_other && !text.trim().is_empty() && !text.contains(','))
        .then(|| (Json::String(text.to_owned()), Applicability::Unsafe))
}

/// The one port a port list holds when a single port is written in its place: K7 cannot
/// iterate an integer, and the characters of a quoted one are no ports Kubernetes accepts, so
/// K7 refuses both.
fn port_item(text: &str, _: Style) -> Option<(Json, Applicability)> {
    let digits = text.trim();
    let port = (!digits.starts_with('0') && digits.chars().all(|c| c.is_ascii_digit()))
        .then(|| digits.parse::<u16>().ok())
        .flatten()
        .filter(|p| *p > 0)?;
    Some((Json::from(port), Applicability::Safe))
}

pub(crate) fn is_null(node: &Node) -> bool {
    matches!(&node.value, Value::Scalar { text, style: Style::Plain } if resolve(text) == Scalar::Null)
}

/// How a node reads to a person: "the integer 1", "a list", "the string \"x\"".
pub(crate) fn describe(node: &Node) -> String {
    match &node.value {
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
        Value::Scalar { text, style } => match (style, resolve(text)) {
            (Style::Plain, Scalar::Null) => "null".into(),
            (Style::Plain, Scalar::Bool(b)) => format!("the boolean {b}"),
            (Style::Plain, Scalar::Int) => format!("the integer {text}"),
            (Style::Plain, Scalar::Float) => format!("the number {text}"),
            _ => format!("the string {text:?}"),
        },
    }
}

/// Where a value sits, turned into a JSON Pointer only when a diagnostic needs one.
#[derive(Clone, Copy)]
pub(crate) enum Loc<'a> {
    /// A top-level field.
    Field(&'a str),
    /// An item of a list field.
    Item(&'a str, usize),
    /// A value of a mapping field.
    Entry(&'a str, &'a str),
}

impl<'a> Loc<'a> {
    /// The top-level field the value belongs to.
    fn field(self) -> &'a str {
        match self {
            Loc::Field(f) | Loc::Item(f, _) | Loc::Entry(f, _) => f,
        }
    }

    /// How the value is introduced in a help line: `name: ` for a key, `- ` for a list item.
    fn lead(self) -> String {
        match self {
            Loc::Field(k) | Loc::Entry(_, k) => format!("{k}: "),
            Loc::Item(..) => "- ".to_owned(),
        }
    }

    fn pointer(self) -> String {
        match self {
            Loc::Field(f) => pointer([f]),
            Loc::Item(f, i) => pointer([f, &i.to_string()]),
            Loc::Entry(f, k) => pointer([f, k]),
        }
    }
}

pub(crate) struct Reader<'d> {
    pub(super) diagnostics: &'d mut Vec<Diagnostic>,
}

impl Reader<'_> {
    /// An unknown key; `taken` says whether a key is already in the spec (a rename to it would
    /// write the key twice).
    pub(super) fn unknown_field(&mut self, name: &str, key: &Node, taken: impl Fn(&str) -> bool) {
        let names = FIELDS.iter().map(|f| f.name);
        let best = closest(name, names);
        let help = match best {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the fields are: {}",
                FIELDS.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
            ),
        };
        let path = pointer([name]);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownField,
            &path,
            key.span,
            format!("unknown field `{name}`"),
        )
        .help(help);
        // A guess, and the renamed field takes effect (K7's API drops an unknown key): unsafe.
        if let Some(best) = best.filter(|b| !taken(b)) {
            diagnostic = diagnostic.fix(
                Applicability::Unsafe,
                format!("Rename `{name}` to `{best}`"),
                vec![Operation::Rename {
                    path,
                    to: best.to_owned(),
                }],
            );
        }
        self.diagnostics.push(diagnostic);
    }

    fn wrong_type(&mut self, at: Loc, node: &Node, expected: &str, help: String) {
        self.wrong_type_fixed(at, node, expected, help, None);
    }

    /// A `wrong-type` diagnostic with a fix that sets the value to the intended one: its
    /// applicability, its title and the value.
    fn wrong_type_fixed(
        &mut self,
        at: Loc,
        node: &Node,
        expected: &str,
        help: String,
        fix: Option<Rewrite>,
    ) {
        let path = at.pointer();
        let message = format!(
            "`{}` must be {expected}, found {}",
            path.trim_start_matches('/'),
            describe(node)
        );
        let diagnostic = Diagnostic::new(Code::WrongType, path, node.span, message).help(help);
        self.push_fixed(diagnostic, at, fix);
    }

    /// Pushes a diagnostic with its fix, which sets the value at `at`.
    fn push_fixed(&mut self, diagnostic: Diagnostic, at: Loc, fix: Option<Rewrite>) {
        self.diagnostics.push(match fix {
            Some(Rewrite(applicability, title, value)) => diagnostic.fix(
                applicability,
                title,
                vec![Operation::Set {
                    path: at.pointer(),
                    value,
                }],
            ),
            None => diagnostic,
        });
    }

    /// A string value; a help line shows its right spelling after `at.lead()`.
    fn string<'n>(&mut self, at: Loc, node: &'n Node) -> Option<&'n str> {
        let lead = at.lead();
        match &node.value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } if let Some(b) = yaml11_bool(text) => {
                let diagnostic = Diagnostic::new(
                    Code::WrongType,
                    at.pointer(),
                    node.span,
                    format!("`{text}` is read by K7 as the boolean {b}, not as a string"),
                )
                .help(format!("quote it: `{lead}\"{text}\"`"));
                // The text as written, which K7 misreads (a boolean where it uses a string).
                self.push_fixed(diagnostic, at, Some(quote(at, text)));
                None
            }
            Value::Scalar {
                text,
                style: Style::Plain,
            } if resolve(text) != Scalar::Str => {
                let help = format!("quote it: `{lead}\"{text}\"`");
                // A number where K7 uses a string fails (`'int' object has no attribute
                // 'strip'`): the text as written, quoted, repairs it. In the whitelist K7 reads a
                // number as an IPv4 address (`10` is `0.0.0.10`) and quoted it is no entry: no
                // fix there. Null has no text to keep.
                let whitelisted = matches!(at, Loc::Item("egress_whitelist", _));
                let fix = (resolve(text) != Scalar::Null && !whitelisted).then(|| quote(at, text));
                self.wrong_type_fixed(at, node, "a string", help, fix);
                None
            }
            Value::Scalar { text, .. } => Some(text),
            _ => {
                self.wrong_type(
                    at,
                    node,
                    "a string",
                    format!("write a single value, such as `{lead}value`"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, at: Loc, node: &Node) -> Option<Spanned<bool>> {
        let key = at.field();
        let Value::Scalar { text, style } = &node.value else {
            self.wrong_type(
                at,
                node,
                "true or false",
                format!("write `{key}: true` or `{key}: false`"),
            );
            return None;
        };
        if *style == Style::Plain {
            if let Scalar::Bool(b) = resolve(text) {
                return Some(Spanned {
                    value: b,
                    span: node.span,
                });
            }
            if let Some(b) = yaml11_bool(text) {
                let diagnostic = Diagnostic::new(
                        Code::Yaml11Boolean,
                        at.pointer(),
                        node.span,
                        format!("`{text}` is read by K7 as the boolean {b}, but YAML 1.2 tools read it as a string"),
                    )
                    .help(format!("write `{key}: {b}`"));
                // K7 reads the same boolean: only YAML 1.2 tools change their reading.
                let fix = Rewrite(
                    Applicability::Safe,
                    format!("Write `{key}: {b}`"),
                    Json::Bool(b),
                );
                self.push_fixed(diagnostic, at, Some(fix));
                return Some(Spanned {
                    value: b,
                    span: node.span,
                });
            }
        }
        let meant = match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "y" | "1" => Some(true),
            "false" | "no" | "off" | "n" | "0" => Some(false),
            _ => None,
        };
        let suggestion = meant.map_or("true` or `false".to_owned(), |b| b.to_string());
        // K7 reads the value by Python truthiness: a non-empty string is true, a number is true
        // unless it is 0. The boolean is safe where K7 already reads it so.
        let k7_reads = !(text.is_empty() || *style == Style::Plain && text == "0");
        let fix = meant.map(|b| {
            let applicability = if b == k7_reads {
                Applicability::Safe
            } else {
                Applicability::Unsafe
            };
            Rewrite(applicability, format!("Write `{key}: {b}`"), Json::Bool(b))
        });
        self.wrong_type_fixed(
            at,
            node,
            "true or false",
            format!("write `{key}: {suggestion}` without quotes"),
            fix,
        );
        None
    }

    fn port(&mut self, at: Loc, node: &Node) -> Option<Spanned<i64>> {
        if let Value::Scalar {
            text,
            style: Style::Plain,
        } = &node.value
            && resolve(text) == Scalar::Int
        {
            // Past i64 it is no port either: the message names the text, not a clamped value.
            let value = parse_int(text).unwrap_or(i64::MAX);
            // YAML 1.1 (K7's loader) reads `010` as the octal 8 and `0o17` as a string, where
            // YAML 1.2 reads 10 and 15: the same text, two ports. Refuse the ambiguity.
            let digits = text.trim_start_matches(['-', '+']);
            let octal_like = digits.len() > 1
                && digits.starts_with('0')
                && digits.chars().all(|c| c.is_ascii_digit());
            if !(octal_like || text.starts_with("0o")) {
                if !(1..=65535).contains(&value) {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidPort,
                            at.pointer(),
                            node.span,
                            format!("`{text}` is not a TCP port"),
                        )
                        .help("ports go from 1 to 65535"),
                    );
                }
                return Some(Spanned {
                    value,
                    span: node.span,
                });
            }
            let help = format!(
                "write `- {value}`: K7's YAML 1.1 loader reads `{text}` as {}",
                if octal_like {
                    "an octal number"
                } else {
                    "a string"
                }
            );
            // K7 reads `010` as the port 8 and `0o17` as the named port "0o17", which
            // Kubernetes accepts (and which matches no port): the number changes what opens.
            let fix = (1..=65535).contains(&value).then(|| {
                Rewrite(
                    Applicability::Unsafe,
                    format!("Write `{value}`"),
                    Json::from(value),
                )
            });
            self.wrong_type_fixed(at, node, "a decimal port", help, fix);
            return None;
        }
        let help = match node.scalar().map(str::trim) {
            Some(t) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => {
                format!("write the port without quotes: `- {t}`")
            }
            _ => "write a port number from 1 to 65535, such as `- 8080`".into(),
        };
        // Kubernetes refuses a port of digits written as a string (a named port needs a letter).
        let text = node.scalar().unwrap_or_default();
        let fix = port_item(text, Style::Plain)
            .map(|(port, applicability)| Rewrite(applicability, format!("Write `{port}`"), port));
        self.wrong_type_fixed(at, node, "an integer port", help, fix);
        None
    }

    /// A list whose items `item` reads; items it cannot read are left out. `one_item` is the
    /// item a single scalar written in the list's place stands for, if it is clear.
    fn list<T>(
        &mut self,
        at: Loc,
        node: &Node,
        one_item: fn(&str, Style) -> Option<(Json, Applicability)>,
        mut item: impl FnMut(&mut Self, Loc, &Rc<Node>) -> Option<Spanned<T>>,
    ) -> Option<List<T>> {
        let key = at.field();
        let items = match &node.value {
            Value::Seq(items) => items,
            Value::Scalar { text, style } => {
                let help = format!("write a list: `{key}: [{text}]`");
                let fix = one_item(text, *style).map(|(item, applicability)| {
                    let title = format!("Write `{key}: [{text}]`");
                    Rewrite(applicability, title, Json::Array(vec![item]))
                });
                self.wrong_type_fixed(at, node, "a list", help, fix);
                return None;
            }
            Value::Map(_) => {
                self.wrong_type(
                    at,
                    node,
                    "a list",
                    format!("write a list: `{key}: [...]`, one `- item` per line"),
                );
                return None;
            }
        };
        let value = items
            .iter()
            .enumerate()
            .filter_map(|(i, node)| item(self, Loc::Item(key, i), node))
            .collect();
        Some(Spanned {
            value,
            span: node.span,
        })
    }
}
