//! What the caller says about the cluster: its CNI (which decides what the whitelist may hold)
//! and the kind of workload to render.

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Severity};
use crate::suggest::closest;

/// The cluster's network plugin, which decides whether DNS names can be whitelisted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cni {
    /// Cilium: DNS names are whitelisted with a CiliumNetworkPolicy (the default).
    #[default]
    Cilium,
    /// Flannel: plain NetworkPolicies only, so a DNS name in the whitelist is an error.
    Flannel,
}

/// Which object holds the sandbox pod.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Workload {
    /// The sandbox Pod itself, as an editor previews it (the default).
    #[default]
    Pod,
    /// K7's Deployment (one replica) whose template is that pod.
    Deployment,
}

/// How to check and render: the cluster's CNI, the kind of workload, and the codes to ignore.
/// Every field has a default, so `{}` (or `RenderOptions::default()`) means Cilium, a Pod and
/// nothing ignored.
///
/// ```
/// let options: k7_spec::RenderOptions = serde_json::from_str(r#"{"cni": "flannel"}"#).unwrap();
/// assert_eq!(options.cni, k7_spec::Cni::Flannel);
/// assert_eq!(options.workload, k7_spec::Workload::Pod);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct RenderOptions {
    /// The cluster's network plugin; default `cilium`.
    pub cni: Cni,
    /// `pod` (default) or `deployment`.
    pub workload: Workload,
    /// Codes whose findings are suppressed (kept, marked [`Suppressed`], never failing a gate),
    /// as `--ignore` and the config file's `ignore` ask. Errors cannot be ignored.
    ///
    /// [`Suppressed`]: crate::diagnostic::Suppressed
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<Ignore>,
}

/// A code to ignore, and why. Reads from `"egress-open"` or `{"code": "egress-open", "reason":
/// "a demo"}`; refuses an unknown code and an error's code (errors cannot be suppressed).
///
/// ```
/// let options: k7_spec::RenderOptions =
///     serde_json::from_str(r#"{"ignore": ["egress-open", {"code": "public-exposure", "reason": "a demo"}]}"#).unwrap();
/// assert_eq!(options.ignore[1].reason.as_deref(), Some("a demo"));
/// let error = serde_json::from_str::<k7_spec::RenderOptions>(r#"{"ignore": ["invalid-cidr"]}"#).unwrap_err();
/// assert!(error.to_string().contains("no code `invalid-cidr`"), "{error}");
/// let error = serde_json::from_str::<k7_spec::RenderOptions>(r#"{"ignore": ["invalid-port"]}"#).unwrap_err();
/// assert!(error.to_string().contains("errors cannot be ignored"), "{error}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ignore {
    /// The code whose findings are suppressed; never an error's.
    pub code: Code,
    /// Why, shown with every finding it suppresses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Ignore {
    /// The ignore of `code` with `reason`, or why `code` cannot be ignored (unknown, with a
    /// did-you-mean, or an error's code).
    pub fn new(code: &str, reason: Option<String>) -> Result<Ignore, String> {
        let Some(parsed) = Code::parse(code) else {
            let names = Code::ALL.iter().map(|c| c.as_str());
            return Err(match closest(code, names) {
                Some(near) => format!("no code `{code}`: did you mean `{near}`?"),
                None => format!("no code `{code}` (the codes are listed in docs/codes.md)"),
            });
        };
        if parsed.severity() == Severity::Error {
            return Err(format!(
                "`{code}` is an error, and errors cannot be ignored: K7 refuses the spec or it \
                 cannot mean what it says"
            ));
        }
        Ok(Ignore {
            code: parsed,
            reason,
        })
    }
}

impl<'de> Deserialize<'de> for Ignore {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct WithReason {
            code: String,
            #[serde(default)]
            reason: Option<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged, expecting = "a code, or {code, reason}")]
        enum Form {
            Code(String),
            WithReason(WithReason),
        }
        let (code, reason) = match Form::deserialize(deserializer)? {
            Form::Code(code) => (code, None),
            Form::WithReason(w) => (w.code, w.reason),
        };
        Ignore::new(&code, reason).map_err(serde::de::Error::custom)
    }
}

/// Options read one key at a time, as the JavaScript and Python bindings read a caller's
/// object: each key is checked as it is added, so the first unknown key or bad value is the one
/// an error names, with the same message in every binding.
///
/// ```
/// use k7_spec::{OptionFields, RenderOptions};
///
/// let mut fields = OptionFields::<RenderOptions>::default();
/// fields.add("cni".into(), "flannel".into()).unwrap();
/// let error = fields.add("cnii".into(), "cilium".into()).unwrap_err();
/// assert!(error.message.starts_with(r#"k7-spec: invalid options {"cni":"flannel","cnii":"cilium"}: unknown field `cnii`"#));
/// assert!(error.is_type);
/// assert_eq!(fields.options().cni, k7_spec::Cni::Flannel);
/// ```
#[derive(Debug, Default)]
pub struct OptionFields<T> {
    fields: serde_json::Map<String, serde_json::Value>,
    read: T,
    /// What the fields are called in errors; `options` when empty.
    name: &'static str,
}

/// Why an option cannot be read: the message, and whether it is the option's type (an unknown
/// key, a value of the wrong type) rather than its value that is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    /// `k7-spec: invalid options {…}: why`, or for a long text `k7-spec: invalid options.KEY: why`.
    pub message: String,
    /// An unknown key or a wrong type (Python's `TypeError`) rather than a bad value.
    pub is_type: bool,
}

/// The longest options text an error quotes whole; past it the error names the key and cuts
/// serde's message (which may quote a long bad value) to as many characters.
const MAX_QUOTED: usize = 200;

impl<T: serde::de::DeserializeOwned> OptionFields<T> {
    /// Fields called `name` in errors (`query`) rather than `options`.
    pub fn named(name: &'static str) -> Self
    where
        T: Default,
    {
        OptionFields {
            fields: serde_json::Map::new(),
            read: T::default(),
            name,
        }
    }

    /// Adds the key `name` with its value, and reads the options so far.
    pub fn add(&mut self, name: String, value: serde_json::Value) -> Result<(), OptionError> {
        let key = name.clone();
        self.fields.insert(name, value);
        // Through a `Value`, so that serde's message carries no line and column of a text the
        // caller never wrote; the text itself names the bad key and value.
        let text = serde_json::Value::Object(self.fields.clone());
        self.read = T::deserialize(&text).map_err(|e| {
            let reason = e.to_string();
            let quoted = text.to_string();
            let what = if self.name.is_empty() {
                "options"
            } else {
                self.name
            };
            let message = if quoted.len() > MAX_QUOTED {
                let reason: String = reason.chars().take(MAX_QUOTED).collect();
                format!("k7-spec: invalid {what}.{key}: {reason}")
            } else {
                format!("k7-spec: invalid {what} {quoted}: {reason}")
            };
            OptionError {
                is_type: reason.starts_with("unknown field") || reason.starts_with("invalid type"),
                message,
            }
        })?;
        Ok(())
    }

    /// The options read: the defaults, and every key added.
    pub fn options(self) -> T {
        self.read
    }
}
