//! Limits, disks, Docker, the sidecar and the env file.

use super::Ctx;
use super::backend::remove;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic, pointer};
use crate::quantity::{self, Unit};
use crate::spec::{DiskSize, LIMIT_KEYS, Limit, Spanned, Spec};
use crate::suggest::closest;

/// The least memory a Kata VM boots with reliably.
const KATA_MIN_MEMORY: u128 = 256 << 20;

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    if let Some(limits) = &spec.limits {
        for limit in &limits.value {
            check_limit(ctx, limit);
        }
    }
    for field in [
        ("root_disk_size", &spec.root_disk_size),
        ("docker_disk", &spec.docker_disk),
    ] {
        if let (name, Some(v)) = field {
            check_disk(ctx, name, v);
        }
    }
    let docker = Spec::flag(&spec.docker);
    if let (Some(disk), false) = (&spec.docker_disk, docker) {
        ctx.push(
            Diagnostic::new(
                Code::FieldIgnored,
                "/docker_disk",
                disk.span,
                "`docker_disk` is ignored without `docker: true`",
            )
            .help("add `docker: true`, or remove docker_disk")
            .fix(
                Applicability::Safe,
                "Remove `docker_disk`",
                remove("docker_disk"),
            ),
        );
    }
    if let Some(sidecar) = &spec.sidecar {
        if sidecar.value != "docker" {
            ctx.push(
                Diagnostic::new(
                    Code::UnknownSidecar,
                    "/sidecar",
                    sidecar.span,
                    format!("unknown sidecar `{}`", sidecar.value),
                )
                .help("the only sidecar is `docker`; prefer `docker: true`"),
            );
        } else if docker {
            ctx.push(
                Diagnostic::new(
                    Code::DockerSidecarConflict,
                    "/sidecar",
                    sidecar.span,
                    "`sidecar: docker` cannot be combined with `docker: true`",
                )
                .help("remove the sidecar line: `docker: true` replaces it")
                // K7 refuses the pair; `docker: true` alone still asks for Docker.
                .fix(Applicability::Safe, "Remove `sidecar`", remove("sidecar")),
            );
        } else {
            ctx.push(
                Diagnostic::new(
                    Code::LegacySidecar,
                    "/sidecar",
                    sidecar.span,
                    "`sidecar: docker` is the legacy way to get Docker",
                )
                .help("write `docker: true` instead")
                // K7's API runs the legacy `docker:27.5-dind` sidecar; `docker: true` its Docker
                // vehicle (another image, its own disk): the pod changes.
                .fix(
                    Applicability::Unsafe,
                    "Replace `sidecar: docker` with `docker: true`",
                    vec![
                        Operation::Remove {
                            path: "/sidecar".into(),
                        },
                        Operation::Set {
                            path: "/docker".into(),
                            value: true.into(),
                        },
                    ],
                ),
            );
        }
    }
    if let Some(env) = &spec.env_file {
        if env.value.trim().is_empty() || env.value.contains(['\n', '\0']) {
            ctx.push(
                Diagnostic::new(
                    Code::InvalidEnvFile,
                    "/env_file",
                    env.span,
                    format!("{:?} is not a file path", env.value),
                )
                .help("give the path of a dotenv file on the K7 host, such as `.env`"),
            );
        } else {
            ctx.push(
                Diagnostic::new(
                    Code::EnvFileOnK7Host,
                    "/env_file",
                    env.span,
                    format!(
                        "`{}` is read on K7's own host at create time, into the Secret `{}-env`",
                        env.value,
                        spec.name.as_ref().map_or("<name>", |n| n.value.as_str())
                    ),
                )
                .help("make sure the file exists there and sets at least one KEY=value: K7 refuses a file without variables, and without the file the pod cannot start"),
            );
        }
    }
}

fn check_limit(ctx: &mut Ctx, Limit { key, value }: &Limit) {
    let path = pointer(["limits", &key.value]);
    if !LIMIT_KEYS.contains(&key.value.as_str()) {
        let best = closest(&key.value, LIMIT_KEYS.iter().copied());
        let help = match best {
            Some(best) => format!("did you mean `{best}`?"),
            None => "the limits are cpu, memory and ephemeral-storage".into(),
        };
        let mut diagnostic = Diagnostic::new(
            Code::UnknownLimit,
            &path,
            key.span,
            format!("unknown limit `{}`", key.value),
        )
        .help(help);
        // A guess, and the renamed limit takes effect (Kubernetes refused the unknown one, or
        // counted it as an extended resource): unsafe.
        let taken = |best: &str| {
            ctx.spec
                .limits
                .as_ref()
                .is_some_and(|l| l.value.iter().any(|o| o.key.value == best))
        };
        if let Some(best) = best.filter(|b| !taken(b)) {
            diagnostic = diagnostic.fix(
                Applicability::Unsafe,
                format!("Rename `{}` to `{best}`", key.value),
                vec![Operation::Rename {
                    path,
                    to: best.to_owned(),
                }],
            );
        }
        ctx.push(diagnostic);
        return;
    }
    let quantity = match &value.value.quantity {
        Ok(q) => *q,
        Err(refusal) => {
            let help = match &refusal.suggestion {
                Some(s) => format!("write `{}: \"{s}\"`", key.value),
                None if key.value == "cpu" => {
                    "write whole cores (`\"1\"`) or millicores (`\"500m\"`)".into()
                }
                None => {
                    "write an integer with Ki, Mi or Gi, such as `\"512Mi\"` or `\"1Gi\"`".into()
                }
            };
            let diagnostic = Diagnostic::new(
                Code::InvalidQuantity,
                &path,
                value.span,
                format!(
                    "the {} `{}` is refused by K7: {}",
                    key.value, value.value.text, refusal.reason
                ),
            )
            .help(help);
            ctx.push(match &refusal.suggestion {
                Some(s) => write_amount(diagnostic, &path, &key.value, s, refusal.exact),
                None => diagnostic,
            });
            return;
        }
    };
    // The spelling meant, when there is one, and whether it keeps the amount K7 reads.
    let bad_unit = match (key.value.as_str(), quantity.unit) {
        ("cpu", Unit::Binary(_)) => Some((
            "it is a number of bytes, but cpu counts cores",
            "write cores (`\"1\"`) or millicores (`\"500m\"`)".to_owned(),
            None,
        )),
        // K7 reads `M` as millicores already; only Kubernetes reads millions.
        ("cpu", Unit::Mega) => Some((
            "`M` means millions of cores (K7 reads millicores)",
            format!("write millicores (`\"{}m\"`)", quantity.number),
            Some((format!("{}m", quantity.number), true)),
        )),
        // Thousandths of a byte read as mebibytes: a guess at the amount meant.
        ("memory" | "ephemeral-storage", Unit::Milli) => Some((
            "`m` means thousandths of a byte",
            format!("write `{}: \"{}Mi\"`", key.value, quantity.number),
            Some((format!("{}Mi", quantity.number), false)),
        )),
        _ => None,
    };
    if let Some((why, help, meant)) = bad_unit {
        let diagnostic = Diagnostic::new(
            Code::InvalidQuantity,
            &path,
            value.span,
            format!(
                "the {} `{}` is not meant: {why}",
                key.value, value.value.text
            ),
        )
        .help(help);
        ctx.push(match meant {
            Some((s, same)) => write_amount(diagnostic, &path, &key.value, &s, same),
            None => diagnostic,
        });
        return;
    }
    let backend = ctx.spec.backend();
    if key.value == "memory" && backend.is_kata() {
        let too_small = quantity.bytes() < KATA_MIN_MEMORY;
        let no_unit = !matches!(quantity.unit, Unit::Binary(_));
        if no_unit || too_small {
            let why = if no_unit {
                "needs a Ki, Mi or Gi unit"
            } else {
                "needs at least 256Mi"
            };
            let (help, meant) = if no_unit && !too_small {
                let meant = quantity::binary(quantity.bytes());
                let same =
                    quantity::parse(&meant, false).is_ok_and(|q| q.bytes() == quantity.bytes());
                (format!("write `memory: \"{meant}\"`"), (meant, same))
            } else {
                (
                    "write at least `memory: \"256Mi\"`".to_owned(),
                    ("256Mi".to_owned(), false),
                )
            };
            let diagnostic = Diagnostic::new(
                Code::KataMemory,
                &path,
                value.span,
                format!(
                    "the memory `{}` is refused on {}: a Kata VM {why}",
                    value.value.text,
                    backend.canonical()
                ),
            )
            .help(help);
            ctx.push(write_amount(diagnostic, &path, "memory", &meant.0, meant.1));
        }
    }
}

fn check_disk(ctx: &mut Ctx, field: &str, value: &Spanned<DiskSize>) {
    let DiskSize { text, quantity } = &value.value;
    let (ok, suggestion) = match quantity {
        Ok(q) if q.unit == Unit::Milli => (false, None),
        Ok(q) if q.unit == Unit::Mega => {
            let s = quantity::binary(q.bytes());
            let same = quantity::parse(&s, true).is_ok_and(|b| b.bytes() == q.bytes());
            (false, Some((s, same)))
        }
        Ok(_) => (true, None),
        Err(refusal) => (
            false,
            refusal.suggestion.clone().map(|s| (s, refusal.exact)),
        ),
    };
    if !ok {
        let help = match &suggestion {
            Some((s, _)) => format!("write `{field}: {s}`"),
            None => format!("write an integer with Ki, Mi, Gi or Ti, such as `{field}: 20Gi`"),
        };
        let path = format!("/{field}");
        let diagnostic = Diagnostic::new(
            Code::InvalidQuantity,
            &path,
            value.span,
            format!("`{text}` is not a size K7 accepts for {field}"),
        )
        .help(help);
        ctx.push(match suggestion {
            Some((s, same)) => write_amount(diagnostic, &path, field, &s, same),
            None => diagnostic,
        });
    }
}

/// The fix that writes the spelling K7 accepts: safe when it is the same amount, unsafe when
/// it rounds or guesses.
fn write_amount(
    diagnostic: Diagnostic,
    path: &str,
    key: &str,
    text: &str,
    same: bool,
) -> Diagnostic {
    // Limits are quoted (K7 needs strings there), sizes are written as they read.
    let shown = if path.starts_with("/limits/") {
        format!("{key}: \"{text}\"")
    } else {
        format!("{key}: {text}")
    };
    let applicability = if same {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    };
    diagnostic.fix(
        applicability,
        format!("Write `{shown}`"),
        vec![Operation::Set {
            path: path.to_owned(),
            value: text.into(),
        }],
    )
}
