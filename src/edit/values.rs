//! The values at JSON Pointers as K7 reads them, with their spans and whether [`edit`](super::edit)
//! can change each one in place: what a form beside the text shows, read by the core's own
//! reader of the text (no second YAML reader in the front end).
//!
//! ```
//! use k7_spec::read_values;
//!
//! let text = "name: demo\nimage: alpine:3.20\npod_non_root: yes  # K7 reads YAML 1.1\ncap_add: &caps [NET_RAW]\n";
//! let read = read_values(text, &["/pod_non_root", "/container_non_root", "/cap_add", "/cap_drop"]);
//! assert_eq!(read.problem, None);
//! let [flag, off, caps, drop] = &read.values[..] else { panic!() };
//! // `yes` is true for K7's YAML 1.1 loader, and edit() writes a boolean in its place.
//! assert_eq!((flag.present, &flag.value, flag.editable), (true, &true.into(), true));
//! assert_eq!(flag.span.unwrap().start.line, 3);
//! // Left out: K7's default.
//! assert_eq!((off.present, &off.value, off.editable), (false, &false.into(), true));
//! assert_eq!((drop.present, &drop.value), (false, &serde_json::json!(["ALL"])));
//! // An anchor: its aliases would change with it.
//! assert_eq!(caps.value, serde_json::json!(["NET_RAW"]));
//! assert!(!caps.editable);
//! assert_eq!(caps.reason.as_deref(), Some("it carries the anchor `&caps`, which aliases repeat elsewhere"));
//! ```

use std::rc::Rc;

use serde::Serialize;
use serde_json::Value as Json;

use super::{Doc, MAX_OPERATIONS, tokens};
use crate::diagnostic::{Code, Span};
use crate::scalar::{Scalar, parse_int, resolve, yaml11_bool};
use crate::source::{self, Node, Style, Value};
use crate::spec::{FIELDS, Kind, describe, is_null};

/// Most paths read in one call, as many as [`edit`](super::edit) applies operations; past them
/// each value comes back unread, saying so.
pub const MAX_PATHS: usize = MAX_OPERATIONS;

/// Most nodes written out as values in one call, all paths together: past them a value comes
/// back unread, saying so. A spec's tree has at most about half a million.
const MAX_VALUE_NODES: usize = 1 << 20;

/// What [`read_values`] returns: the values in the order of the paths asked for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Values {
    /// Why the text cannot be read or edited as one spec (several documents, not a mapping,
    /// invalid YAML), in words; each value then says the same.
    pub problem: Option<String>,
    /// One per path asked for.
    pub values: Vec<ValueAt>,
}

/// The value at one JSON Pointer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueAt {
    /// The JSON Pointer asked for.
    pub path: String,
    /// Whether a value is written there: a key left out, `key:` alone and `null` are not, as
    /// K7 takes a null for a key left out.
    pub present: bool,
    /// The value as K7 reads it, as JSON: a spec field's flag is `true` or `false` by K7's
    /// truthiness (`yes` is true), and a field left out is K7's default (`false`, `["ALL"]`)
    /// or `null` when it has none.
    pub value: Json,
    /// Where the value is written (a null's too), in UTF-16 positions like a diagnostic's;
    /// `None` when nothing is written there.
    pub span: Option<Span>,
    /// Whether [`edit`](super::edit) can set, append to or remove it, changing only this
    /// value's own text: it is, or its key can be added, in a spec that is one mapping; a spec
    /// field's value is of the field's type; nothing of it has an anchor, an alias or a tag;
    /// its key is written once.
    pub editable: bool,
    /// Why it is not editable, in words a form can show after "not shown here:"; `None` when it
    /// is.
    pub reason: Option<String>,
}

/// The values at `paths` (JSON Pointers: `/pod_non_root`, `/egress_whitelist/0`) of a spec's
/// text, as K7 reads them, each with its span and whether `edit` can change it in place, or why
/// not. Reads the text once, with the core's reader; never panics, and its work is bounded by
/// [`MAX_PATHS`] and the size of the values asked for.
pub fn read_values<P: AsRef<str>>(source: &str, paths: &[P]) -> Values {
    let parsed = source::parse(source);
    let unread_by = parsed.root.is_none().then(|| {
        // The reader's first error says best why the text is no document: several, invalid
        // YAML, a tag.
        let mut errors = parsed.diagnostics.iter();
        errors.find(|d| d.severity == crate::diagnostic::Severity::Error)
    });
    let doc = Doc::of(source, parsed.root.clone());
    let problem = doc.as_ref().err().map(|why| {
        unread_by
            .flatten()
            .map_or_else(|| why.clone(), |d| d.message.clone())
    });
    let twice: Vec<&str> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::DuplicateKey)
        .map(|d| d.path.as_str())
        .collect();
    let mut budget = MAX_VALUE_NODES;
    let values = paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let path = path.as_ref();
            if i >= MAX_PATHS {
                return unread(path, format!("at most {MAX_PATHS} paths are read at once"));
            }
            match (&doc, &problem) {
                (Ok(doc), None) => read_one(doc, path, &twice, &mut budget),
                (_, problem) => unread(path, problem.clone().unwrap_or_default()),
            }
        })
        .collect();
    Values { problem, values }
}

/// What a path of a spec field expects: the field's kind, and whether it names an item of it.
fn expected(path: &[String]) -> Option<(Kind, bool)> {
    let field = FIELDS
        .iter()
        .find(|f| Some(f.name) == path.first().map(String::as_str))?;
    match path.len() {
        1 => Some((field.kind, false)),
        2 if matches!(field.kind, Kind::StrList | Kind::PortList)
            && path[1].parse::<usize>().is_ok() =>
        {
            Some((field.kind, true))
        }
        _ => None,
    }
}

/// A value that was not read, and why.
fn unread(path: &str, reason: String) -> ValueAt {
    ValueAt {
        path: path.to_owned(),
        present: false,
        value: Json::Null,
        span: None,
        editable: false,
        reason: Some(reason),
    }
}

fn read_one(doc: &Doc, path: &str, twice: &[&str], budget: &mut usize) -> ValueAt {
    let tokens = match tokens(path) {
        Ok(tokens) => tokens,
        Err(why) => return unread(path, why),
    };
    let expects = expected(&tokens);
    let node = lookup(doc, &tokens);
    let null = node.as_deref().is_some_and(is_null);
    let present = node.is_some() && !null;
    let value = match (&node, expects) {
        (Some(node), _) if present => match k7_value(node, budget) {
            Some(value) if matches!(expects, Some((Kind::Bool, false))) => {
                Json::Bool(truthy(&value))
            }
            Some(value) => value,
            None => {
                return ValueAt {
                    path: path.to_owned(),
                    present,
                    value: Json::Null,
                    span: node.span,
                    editable: false,
                    reason: Some("too large a value to read with the others".into()),
                };
            }
        },
        (_, Some((_, false))) => default_of(&tokens),
        _ => Json::Null,
    };
    let reason = why_not(doc, path, node.as_ref().filter(|_| present), expects, twice);
    ValueAt {
        path: path.to_owned(),
        present,
        value,
        span: node.and_then(|n| n.span),
        editable: reason.is_none(),
        reason,
    }
}

/// The node at `tokens`, through aliases (which [`Doc::find`] refuses to edit below).
fn lookup(doc: &Doc, tokens: &[String]) -> Option<Rc<Node>> {
    let mut node = doc.root.clone();
    for token in tokens {
        node = doc.child(&node, token)?.1;
    }
    Some(node)
}

/// K7's value of a field left out, when the spec documents one.
fn default_of(tokens: &[String]) -> Json {
    FIELDS
        .iter()
        .find(|f| Some(f.name) == tokens.first().map(String::as_str))
        .and_then(|f| f.default)
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or(Json::Null)
}

/// A node as K7's YAML 1.1 loader reads it, as JSON; `None` past the budget of nodes.
fn k7_value(node: &Node, budget: &mut usize) -> Option<Json> {
    *budget = budget.checked_sub(1)?;
    Some(match &node.value {
        Value::Scalar {
            text,
            style: Style::Plain,
        } => plain(text),
        Value::Scalar { text, .. } => Json::String(text.clone()),
        Value::Seq(items) => Json::Array(
            items
                .iter()
                .map(|i| k7_value(i, budget))
                .collect::<Option<_>>()?,
        ),
        Value::Map(entries) => {
            // Inserted one by one: collect() sorts first, with a stable sort compiled for this
            // iterator alone (1.3 KB of the browser's wasm).
            let mut map = serde_json::Map::new();
            for (k, v) in entries {
                map.insert(
                    k.scalar().unwrap_or_default().to_owned(),
                    k7_value(v, budget)?,
                );
            }
            Json::Object(map)
        }
    })
}

/// A plain scalar as K7's YAML 1.1 loader reads it: its booleans (`yes`, `off`), its octal
/// `010` (8) and `0o17` a string, as the port reader says; integers past i64 and floats keep
/// their text.
fn plain(text: &str) -> Json {
    if let Some(b) = yaml11_bool(text) {
        return Json::Bool(b);
    }
    let digits = text.trim_start_matches(['-', '+']);
    let octal =
        digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit());
    match resolve(text) {
        Scalar::Null => Json::Null,
        Scalar::Bool(b) => Json::Bool(b),
        Scalar::Int if text.starts_with("0o") => Json::String(text.to_owned()),
        Scalar::Int if octal => i64::from_str_radix(digits, 8)
            .map(|n| if text.starts_with('-') { -n } else { n })
            .map_or_else(|_| Json::String(text.to_owned()), Json::from),
        Scalar::Int => parse_int(text).map_or_else(|| Json::String(text.to_owned()), Json::from),
        // Floats keep their text: no field of a spec holds one, and reading them would cost the
        // browser's module its float parser.
        Scalar::Float | Scalar::Str => Json::String(text.to_owned()),
    }
}

/// Python's truthiness, by which K7 reads a flag.
fn truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_i64() != Some(0),
        Json::String(s) => !s.is_empty(),
        Json::Array(items) => !items.is_empty(),
        Json::Object(map) => !map.is_empty(),
    }
}

/// Why `edit` cannot change the value at `path` in place (`node` when one is written), or
/// `None` when it can.
fn why_not(
    doc: &Doc,
    path: &str,
    node: Option<&Rc<Node>>,
    expects: Option<(Kind, bool)>,
    twice: &[&str],
) -> Option<String> {
    if let Err(why) = doc.find(path) {
        return Some(why);
    }
    if let Some(key) = twice
        .iter()
        .find(|t| path == **t || path.strip_prefix(**t).is_some_and(|r| r.starts_with('/')))
    {
        let name = key.rsplit('/').next().unwrap_or_default();
        return Some(format!("the key `{name}` is written twice"));
    }
    let node = node?;
    if let Some(why) = marked(doc, node) {
        return Some(why);
    }
    let (kind, item) = expects?;
    let single = |n: &Node| matches!(n.value, Value::Scalar { .. });
    match (kind, item, &node.value) {
        (
            Kind::Bool,
            _,
            Value::Scalar {
                text,
                style: Style::Plain,
            },
        ) if matches!(resolve(text), Scalar::Bool(_)) || yaml11_bool(text).is_some() => None,
        (Kind::Bool, ..) => Some(format!("{}, not true or false", describe(node))),
        (Kind::StrList | Kind::PortList, true, _) | (Kind::Str, ..) if !single(node) => {
            Some(format!("{}, not a single value", describe(node)))
        }
        (Kind::StrList | Kind::PortList, false, Value::Seq(items)) => {
            (!items.iter().all(|i| single(i)))
                .then(|| "an entry that is a list or a mapping, not a single value".into())
        }
        (Kind::StrList | Kind::PortList | Kind::MapList, false, _) => {
            (!matches!(node.value, Value::Seq(_)))
                .then(|| format!("{}, not a list", describe(node)))
        }
        (Kind::StrMap, ..) => (!matches!(node.value, Value::Map(_)))
            .then(|| format!("{}, not a mapping", describe(node))),
        _ => None,
    }
}

/// An anchor, an alias or a tag on the node or anything in it, in words.
fn marked(doc: &Doc, node: &Node) -> Option<String> {
    let text = doc.text.get(doc.start(node)..).unwrap_or_default();
    // The node's properties: an anchor and a tag, in either order, before its own text.
    let name = |word: &str| -> String {
        word.chars()
            .take_while(|c| !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    };
    let mut words = text.split_whitespace();
    let (first, second) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or_default(),
    );
    if first.starts_with('*') {
        return Some(format!(
            "an alias, `{}`, of a value written elsewhere",
            name(first)
        ));
    }
    let properties = if first.starts_with(['&', '!']) {
        vec![first, second]
    } else {
        Vec::new()
    };
    let with = |sigil: char| {
        properties
            .iter()
            .find(|w| w.starts_with(sigil))
            .map(|w| name(w))
    };
    if let Some(anchor) = with('&') {
        return Some(format!(
            "it carries the anchor `{anchor}`, which aliases repeat elsewhere"
        ));
    }
    if let Some(tag) = with('!') {
        return Some(format!("it carries the tag `{tag}`"));
    }
    let inner = match &node.value {
        Value::Scalar { .. } => return None,
        Value::Seq(items) => items.iter().find_map(|i| marked(doc, i)),
        Value::Map(entries) => entries
            .iter()
            .find_map(|(k, v)| marked(doc, k).or_else(|| marked(doc, v))),
    };
    inner.map(|_| "an entry with an anchor, an alias or a tag".into())
}
