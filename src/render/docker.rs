//! Docker in the sandbox: the `docker-vehicle` daemon beside the sandbox container on kfd and
//! kql, and the legacy `sidecar: docker` (docs/semantics.md#workload).

use k8s_openapi::api::core::v1::Container;

use super::Sandbox;
use super::pod::{NON_ROOT_ID, Parts, empty_dir, env, hardened, mount, privileged_root, strings};

/// Default size of the Docker graph disk.
const DEFAULT_DOCKER_DISK: &str = "20Gi";
/// Docker images of the `docker-vehicle`, `docker-cli-copy` and legacy sidecar containers.
const DIND_IMAGE: &str = "docker:27-dind";
const DOCKER_CLI_IMAGE: &str = "docker:27-cli";
/// Where the Docker CLI and socket appear in the containers.
const DOCKER_BIN: &str = "/k7/docker/bin";
const DOCKER_RUN: &str = "/k7/docker/run";

/// The Docker daemon's containers, volumes, and the sandbox's access to it.
pub(super) fn add(s: &Sandbox, parts: &mut Parts) {
    if s.docker_vehicle() {
        parts.init_containers.push(Container {
            name: "docker-cli-copy".into(),
            image: Some(DOCKER_CLI_IMAGE.into()),
            command: Some(vec![
                "/bin/sh".into(),
                "-c".into(),
                format!("cp /usr/local/bin/docker {DOCKER_BIN}/docker"),
            ]),
            security_context: Some(hardened()),
            volume_mounts: Some(vec![mount("docker-cli", DOCKER_BIN, false)]),
            ..Default::default()
        });
        parts.containers.push(Container {
            name: "docker-vehicle".into(),
            image: Some(DIND_IMAGE.into()),
            args: Some(vec![
                format!("--host=unix://{DOCKER_RUN}/docker.sock"),
                format!("--group={NON_ROOT_ID}"),
            ]),
            env: Some(vec![env("DOCKER_TLS_CERTDIR", "")]),
            security_context: Some(privileged_root()),
            volume_mounts: Some(vec![
                mount("docker-run", DOCKER_RUN, false),
                mount("docker-graph", "/var/lib/docker", false),
            ]),
            ..Default::default()
        });
        parts.volumes.push(empty_dir("docker-cli", None));
        parts.volumes.push(empty_dir("docker-run", None));
        let disk = s.docker_disk.as_deref().unwrap_or(DEFAULT_DOCKER_DISK);
        parts.volumes.push(empty_dir("docker-graph", Some(disk)));
        parts.sandbox_env.push(env(
            "DOCKER_HOST",
            &format!("unix://{DOCKER_RUN}/docker.sock"),
        ));
        parts
            .sandbox_mounts
            .push(mount("docker-cli", DOCKER_BIN, true));
        parts
            .sandbox_mounts
            .push(mount("docker-run", DOCKER_RUN, false));
    }
    if s.sidecar {
        parts.containers.push(Container {
            name: "docker".into(),
            image: Some(DIND_IMAGE.into()),
            args: Some(strings(&["--host=tcp://127.0.0.1:2375"])),
            env: Some(vec![env("DOCKER_TLS_CERTDIR", "")]),
            security_context: Some(privileged_root()),
            volume_mounts: Some(vec![mount("docker-graph", "/var/lib/docker", false)]),
            ..Default::default()
        });
        parts.volumes.push(empty_dir("docker-graph", None));
        parts
            .sandbox_env
            .push(env("DOCKER_HOST", "tcp://127.0.0.1:2375"));
    }
}
