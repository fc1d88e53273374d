//! The backend and what depends on it.

use super::Ctx;
use crate::change::Operation;
use crate::diagnostic::{Applicability, Code, Diagnostic};
use crate::source::Value;
use crate::spec::{BACKEND_NAMES, Backend, List};
use crate::suggest::closest;

pub(super) fn check(ctx: &mut Ctx) {
    let spec = ctx.spec;
    if let Some(backend) = &spec.backend {
        let text = &backend.value.text;
        match backend.value.backend {
            None => {
                let names = BACKEND_NAMES
                    .iter()
                    .filter(|(_, _, old)| !old)
                    .map(|(n, _, _)| *n);
                let best = closest(text, names);
                let help = match best {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "use kata-firecracker-devmapper (kfd), kata-qemu-longhorn (kql), k7d (k7) or k7d-fc (k7-fc)".into(),
                };
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownBackend,
                    "/backend",
                    backend.span,
                    format!("unknown backend `{text}`"),
                )
                .help(help);
                // A guess among backends that run the sandbox very differently: unsafe.
                if let Some(best) = best {
                    diagnostic = diagnostic.fix(
                        Applicability::Unsafe,
                        format!("Write `backend: {best}`"),
                        set_backend(best),
                    );
                }
                ctx.push(diagnostic);
            }
            // The alias's own backend, by its canonical name: K7 runs the same sandbox.
            Some((b, true)) => ctx.push(
                Diagnostic::new(
                    Code::DeprecatedBackend,
                    "/backend",
                    backend.span,
                    format!("the backend alias `{text}` is deprecated"),
                )
                .help(format!("write `backend: {}`", b.canonical()))
                .fix(
                    Applicability::Safe,
                    format!("Write `backend: {}`", b.canonical()),
                    set_backend(b.canonical()),
                ),
            ),
            Some((_, false)) => {}
        }
    }
    let backend = spec.backend();
    let named = spec.backend.as_ref().map_or(
        "the default backend kata-firecracker-devmapper".to_owned(),
        |b| format!("the backend `{}`", b.value.text),
    );
    if backend != Backend::Kql {
        for (field, value) in [("entrypoint", &spec.entrypoint), ("cmd", &spec.cmd)] {
            if let Some(v) = value {
                ctx.push(
                    Diagnostic::new(Code::FieldIgnored, format!("/{field}"), v.span,
                        format!("`{field}` is ignored on {named}, which runs `sleep 365d`"))
                        .help("only kata-qemu-longhorn (kql) uses entrypoint and cmd; run your program from before_script or remove the field")
                        .fix(Applicability::Safe, format!("Remove `{field}`"), remove(field)),
                );
            }
        }
        if let Some(v) = &spec.root_disk_size {
            ctx.push(
                Diagnostic::new(
                    Code::FieldIgnored,
                    "/root_disk_size",
                    v.span,
                    format!("`root_disk_size` is ignored on {named}"),
                )
                .help("only kata-qemu-longhorn (kql) has a persistent root disk; remove the field")
                .fix(
                    Applicability::Safe,
                    "Remove `root_disk_size`",
                    remove("root_disk_size"),
                ),
            );
        }
    } else {
        if let Some(rc) = spec
            .runtime_class_name
            .as_ref()
            .filter(|rc| rc.value != "kata-qemu")
        {
            // Persistence comes back, with its privileged wrapper: the sandbox changes.
            ctx.push(
                Diagnostic::new(Code::KqlPersistenceOff, "/runtime_class_name", rc.span,
                    format!("with runtime class `{}` the kql backend switches its root-disk persistence off", rc.value))
                    .help("remove runtime_class_name to keep the default `kata-qemu`")
                    .fix(Applicability::Unsafe, "Remove `runtime_class_name`", remove("runtime_class_name")),
            );
            let fields = [
                ("entrypoint", spec.entrypoint.as_ref().map(|v| v.span)),
                ("cmd", spec.cmd.as_ref().map(|v| v.span)),
                (
                    "root_disk_size",
                    spec.root_disk_size.as_ref().map(|v| v.span),
                ),
            ];
            for (field, span) in fields {
                if let Some(span) = span {
                    ctx.push(
                        Diagnostic::new(Code::FieldIgnored, format!("/{field}"), span,
                            format!("`{field}` is ignored on kql with runtime class `{}`, which runs the image's own command without a root disk", rc.value))
                            .help("remove runtime_class_name to keep kql's persistence, or remove the field")
                            .fix(Applicability::Safe, format!("Remove `{field}`"), remove(field)),
                    );
                }
            }
        } else {
            let span = spec.backend.as_ref().and_then(|b| b.span);
            ctx.push(
                Diagnostic::new(Code::KqlPrivileged, "/backend", span,
                    "on kata-qemu-longhorn the sandbox container runs privileged, with privilege escalation allowed")
                    .help("K7's persistence wrapper needs it, against the documented promise; choose kfd or k7d if you need the hardened container"),
            );
            image_argv(ctx);
        }
    }
    if let Some(volumes) = &spec.volumes {
        if backend == Backend::K7dFc {
            for (i, v) in volumes.value.iter().enumerate() {
                let Value::Map(entries) = &v.value.value else {
                    continue;
                };
                let refused = entries.iter().find(|(k, _)| {
                    matches!(k.scalar(), Some("hostPath" | "persistentVolumeClaim"))
                });
                if let Some((key, _)) = refused {
                    let kind = key.scalar().unwrap_or_default();
                    let path = format!("/volumes/{i}");
                    // The sandbox is created, without the volume it asked for: unsafe.
                    ctx.push(
                        Diagnostic::new(
                            Code::VolumeRefused,
                            &path,
                            v.span,
                            format!("k7d-fc refuses `{kind}` volumes"),
                        )
                        .help("remove the volume, or choose the k7d backend")
                        .fix(
                            Applicability::Unsafe,
                            "Remove the volume",
                            vec![Operation::Remove { path }],
                        ),
                    );
                }
            }
        } else if !volumes.value.is_empty() {
            ctx.push(
                Diagnostic::new(Code::FieldIgnored, "/volumes", volumes.span,
                    format!("`volumes` are not mounted on {named}"))
                    .help("K7 accepts the field but mounts nothing; copy data in from before_script instead"),
            );
        }
    }
}

/// Sets `backend`.
fn set_backend(name: &str) -> Vec<Operation> {
    vec![Operation::Set {
        path: "/backend".into(),
        value: name.into(),
    }]
}

/// Removes a top-level field.
pub(super) fn remove(field: &str) -> Vec<Operation> {
    vec![Operation::Remove {
        path: format!("/{field}"),
    }]
}

/// A list that is given and not empty: K7 treats an empty one as not given.
fn given(list: &Option<List<String>>) -> Option<&List<String>> {
    list.as_ref().filter(|l| !l.value.is_empty())
}

/// On kql with its wrapper, K7 passes the image's argv to the wrapper: `entrypoint` (else the
/// image's Entrypoint) then `cmd` (else the image's Cmd), read from the registry at create time.
/// The rendering carries only what the spec gives; say what K7 adds.
fn image_argv(ctx: &mut Ctx) {
    let spec = ctx.spec;
    let diagnostic = match (given(&spec.entrypoint), given(&spec.cmd)) {
        (Some(_), Some(_)) => return,
        (Some(entrypoint), None) => Diagnostic::new(
            Code::ImageArgvAtCreate,
            "/entrypoint",
            entrypoint.span,
            "`entrypoint` runs with the image's Cmd appended, which K7 reads from the registry at create time",
        ),
        (None, Some(cmd)) => Diagnostic::new(
            Code::ImageArgvAtCreate,
            "/cmd",
            cmd.span,
            "`cmd` runs after the image's Entrypoint, which K7 reads from the registry at create time",
        ),
        (None, None) => {
            let Some(image) = &spec.image else {
                return; // `missing-field` says so
            };
            Diagnostic::new(
                Code::ImageArgvAtCreate,
                "/image",
                image.span,
                "the sandbox runs the image's Entrypoint and Cmd, which K7 reads from the registry at create time",
            )
        }
    };
    ctx.push(diagnostic.help(
        "the rendered args hold only what the spec gives; set both entrypoint and cmd to fix the whole command",
    ));
}
