namespace Codemason.Controller.Store;

/// <summary>
/// The SQLite schema as a list of migrations; the database's <c>PRAGMA user_version</c> is the last one applied.
/// Append new migrations; never change a released one.
/// </summary>
public static class ControllerSchema
{
    /// <summary>Every migration, in version order.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "initial", """
            CREATE TABLE store_meta (
                key TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) STRICT;
            INSERT INTO store_meta (key, value) VALUES ('revision', 0), ('history_floor', 0);

            CREATE TABLE environments (
                name TEXT PRIMARY KEY,
                created_at INTEGER NOT NULL,
                revision INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE join_tokens (
                id TEXT PRIMARY KEY,
                environment TEXT NOT NULL REFERENCES environments (name),
                hash BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                revision INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX join_tokens_environment ON join_tokens (environment);

            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                hash BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER,
                revision INTEGER NOT NULL
            ) STRICT;

            CREATE TABLE nodes (
                id TEXT PRIMARY KEY,
                environment TEXT NOT NULL REFERENCES environments (name),
                hostname TEXT NOT NULL,
                credential_hash BLOB NOT NULL,
                status INTEGER NOT NULL,
                availability INTEGER NOT NULL,
                labels TEXT NOT NULL,
                memory_mb INTEGER NOT NULL,
                cpu_shares INTEGER NOT NULL,
                engine_version TEXT NOT NULL,
                agent_version TEXT NOT NULL,
                address TEXT NOT NULL,
                last_seen INTEGER NOT NULL,
                applied_revision INTEGER NOT NULL,
                joined_at INTEGER NOT NULL,
                revision INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX nodes_environment ON nodes (environment, hostname);
            CREATE INDEX nodes_hostname ON nodes (hostname);

            CREATE TABLE apps (
                environment TEXT NOT NULL REFERENCES environments (name),
                name TEXT NOT NULL,
                current_revision INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                updated_by TEXT NOT NULL,
                deleted_at INTEGER,
                revision INTEGER NOT NULL,
                PRIMARY KEY (environment, name)
            ) STRICT;

            CREATE TABLE revisions (
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                number INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                reason TEXT NOT NULL,
                source TEXT NOT NULL,
                answers TEXT NOT NULL,
                model TEXT NOT NULL,
                revision INTEGER NOT NULL,
                PRIMARY KEY (environment, app, number),
                FOREIGN KEY (environment, app) REFERENCES apps (environment, name)
            ) STRICT;

            CREATE TABLE services (
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                app_revision INTEGER NOT NULL,
                name TEXT NOT NULL,
                spec_hash TEXT NOT NULL,
                spec BLOB NOT NULL,
                scale INTEGER NOT NULL,
                image TEXT NOT NULL,
                ports TEXT NOT NULL,
                memory_mb INTEGER NOT NULL,
                cpu_shares INTEGER NOT NULL,
                revision INTEGER NOT NULL,
                PRIMARY KEY (environment, app, app_revision, name)
            ) STRICT;

            CREATE TABLE replicas (
                id TEXT PRIMARY KEY,
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                service TEXT NOT NULL,
                idx INTEGER NOT NULL,
                app_revision INTEGER NOT NULL,
                spec_hash TEXT NOT NULL,
                node_id TEXT,
                explanation TEXT NOT NULL,
                state INTEGER NOT NULL,
                container_id TEXT NOT NULL,
                exit_code INTEGER NOT NULL,
                message TEXT NOT NULL,
                last_log_lines TEXT NOT NULL,
                restart_count INTEGER NOT NULL,
                ports TEXT NOT NULL,
                observed_spec_hash TEXT NOT NULL,
                observed_at INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                revision INTEGER NOT NULL
            ) STRICT;
            CREATE INDEX replicas_app ON replicas (environment, app, service, idx);
            CREATE INDEX replicas_node ON replicas (node_id);

            CREATE TABLE events (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                revision INTEGER NOT NULL,
                at INTEGER NOT NULL,
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                service TEXT NOT NULL,
                replica_id TEXT NOT NULL,
                node_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                message TEXT NOT NULL
            ) STRICT;
            CREATE INDEX events_scope ON events (environment, app, revision);
            CREATE INDEX events_revision ON events (revision);
            CREATE INDEX events_at ON events (at);

            CREATE TABLE changes (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                revision INTEGER NOT NULL,
                at INTEGER NOT NULL,
                kind INTEGER NOT NULL,
                type INTEGER NOT NULL,
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                object_key TEXT NOT NULL,
                node_id TEXT,
                previous_node_id TEXT,
                assignment INTEGER NOT NULL,
                object BLOB NOT NULL
            ) STRICT;
            CREATE INDEX changes_revision ON changes (revision);
            CREATE INDEX changes_node ON changes (node_id, revision);
            CREATE INDEX changes_previous_node ON changes (previous_node_id, revision);
            CREATE INDEX changes_at ON changes (at);
            """),
        new(2, "replica-count-indexes", """
            CREATE INDEX replicas_app_state ON replicas (environment, app, state, service);
            CREATE INDEX replicas_unplaced ON replicas (environment, app) WHERE node_id IS NULL;
            """),
        // Every agent session looks for app deletions since its last set; without this index that look-up scanned
        // every change after the revision (60,000 rows per node after a 20,000-replica apply, times 1,000 nodes).
        // Partial: only app deletions (kind 3 = RESOURCE_KIND_APP, type 3 = Deleted), so writes barely pay for it.
        new(3, "app-deletion-index", """
            CREATE INDEX changes_app_deleted ON changes (environment, revision) WHERE kind = 3 AND type = 3;
            """),
        // Placement rules of a service (mason.json "placement"), read by the reconcile loop with the service row.
        // Rows of earlier revisions have none. Every pass counts the recent "died" events per node: without the
        // index it read every event since the window's start (20,000 "scheduled" ones after a large apply).
        new(4, "service-placement", """
            ALTER TABLE services ADD COLUMN placement TEXT NOT NULL DEFAULT '{}';
            CREATE INDEX events_kind ON events (environment, kind, at);
            """),
        // The address other nodes reach a node at (the agent's --advertise-address); agents before it report none.
        new(5, "node-advertise-address", """
            ALTER TABLE nodes ADD COLUMN advertise_address TEXT NOT NULL DEFAULT '';
            """),
        // The environments' overlay networks (docs/networking.md): a subnet and VXLAN id per environment (given
        // when first needed), a gateway address per node and an address per replica. Addresses are 32-bit
        // numbers; NULL = none given yet. They are unique in their environment because the one writer hands them
        // out from the set it reads in the same transaction. A unique index cost too much: placing 20,000 replicas
        // took 6.0 s with it and 2.9–4.1 s without (one busy machine, store level), so there is none.
        new(6, "overlay-addresses", """
            ALTER TABLE environments ADD COLUMN subnet TEXT NOT NULL DEFAULT '';
            ALTER TABLE environments ADD COLUMN vni INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE nodes ADD COLUMN gateway INTEGER;
            ALTER TABLE replicas ADD COLUMN address INTEGER;
            """),
        // Joins (docs/security.md): join tokens get a lifetime and a use limit (tokens issued before keep working
        // without either: NULL = never expires, 0 = no limit); an environment may require approval of new nodes;
        // a node credential can be rotated, the new one waiting in pending_credential_hash until the agent confirms.
        new(7, "join-limits-approval-rotation", """
            ALTER TABLE join_tokens ADD COLUMN expires_at INTEGER;
            ALTER TABLE join_tokens ADD COLUMN max_uses INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE join_tokens ADD COLUMN uses INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE environments ADD COLUMN require_approval INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE nodes ADD COLUMN awaiting_approval INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE nodes ADD COLUMN pending_credential_hash BLOB;
            ALTER TABLE nodes ADD COLUMN credential_issued_at INTEGER NOT NULL DEFAULT 0;
            UPDATE nodes SET credential_issued_at = joined_at;
            """),
        // Roles and scoped API tokens (docs/security.md): a role, the environments a deployer or viewer acts in (a JSON
        // array), an expiry (NULL: never), and names unique among live tokens (the "who" of revisions and events). The
        // token that made the first database is an admin token. Events record who caused them (empty: the system).
        new(8, "token-roles", """
            ALTER TABLE api_tokens ADD COLUMN role INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE api_tokens ADD COLUMN environments TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;
            CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;
            ALTER TABLE events ADD COLUMN actor TEXT NOT NULL DEFAULT '';
            """),
        // The host policy of each environment (docs/security.md): privileged containers and bind paths an admin
        // allowed. Existing environments get the default, which forbids both.
        new(9, "host-policy", """
            ALTER TABLE environments ADD COLUMN allow_privileged INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE environments ADD COLUMN allowed_bind_paths TEXT NOT NULL DEFAULT '[]';
            """),
        // Builds from git pushes (docs/builds.md) and the git remote of each app (which branch deploys).
        new(10, "builds", """
            CREATE TABLE builds (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                commit_sha TEXT NOT NULL,
                branch TEXT NOT NULL,
                state INTEGER NOT NULL,
                node_id TEXT,
                created_at INTEGER NOT NULL,
                started_at INTEGER,
                finished_at INTEGER,
                error TEXT NOT NULL DEFAULT '',
                images TEXT NOT NULL DEFAULT '{}',
                app_revision INTEGER NOT NULL DEFAULT 0,
                created_by TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX builds_app ON builds (environment, app, id);
            CREATE TABLE git_remotes (
                environment TEXT NOT NULL,
                app TEXT NOT NULL,
                deploy_branch TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                created_by TEXT NOT NULL,
                follow_url TEXT,
                follow_interval_ms INTEGER,
                followed_commit TEXT,
                PRIMARY KEY (environment, app)
            );
            """),
        // Where each environment's private registry runs, and the certificate it serves with (docs/registry.md).
        new(11, "registries", """
            CREATE TABLE registries (
                environment TEXT PRIMARY KEY,
                node_id TEXT NOT NULL,
                address TEXT NOT NULL,
                certificate_pem TEXT NOT NULL,
                key_pem TEXT NOT NULL,
                issued_at INTEGER NOT NULL
            );
            """),
        // TLS certificates the edges serve, one row per host (a certificate naming several hosts is stored once per
        // host, so replacing or removing one host's never touches another's); the key is a secret (docs/edge.md).
        // last_error, failed_attempts and last_failure_at are ACME's renewal bookkeeping.
        new(12, "certificates", """
            CREATE TABLE certificates (
                environment TEXT NOT NULL,
                host TEXT NOT NULL,
                certificate_pem TEXT NOT NULL,
                key_pem TEXT NOT NULL,
                source TEXT NOT NULL,
                not_before INTEGER NOT NULL,
                not_after INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                revision INTEGER NOT NULL,
                last_error TEXT,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                last_failure_at INTEGER,
                PRIMARY KEY (environment, host)
            ) STRICT;
            """),
        // Start-first rollouts of routed services (docs/edge.md, "Zero-downtime rollouts"): each replica on the overlay
        // has a second address for its new container, and the agent reports which container serves and where.
        new(13, "serving-replicas", """
            ALTER TABLE replicas ADD COLUMN surge_address INTEGER;
            ALTER TABLE replicas ADD COLUMN serving INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE replicas ADD COLUMN serving_address INTEGER;
            """),
        // The newest assignment revision whose removals each agent finished (AssignmentsSettled): `mason scale --wait`
        // returns once the nodes that ran surplus replicas reach it (issue #22).
        new(14, "settled-revision", """
            ALTER TABLE nodes ADD COLUMN settled_revision INTEGER NOT NULL DEFAULT 0;
            """),
    ];

    /// <summary>The schema version this binary writes.</summary>
    public static int LatestVersion => Migrations[^1].Version;
}
