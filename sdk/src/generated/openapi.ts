// DO NOT EDIT. Generated from openapi.yaml by `npm run generate` (scripts/generate.mjs).
// Change the contract and regenerate; CI fails when this file differs from a fresh generate.
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness probe
         * @description Answers 200 while the process is up and serving HTTP. Does not touch the store.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe
         * @description Answers 200 when every dependency (the store, and Redis when configured) answers, 503 with
         *     the failing checks otherwise. Load balancers route traffic only to ready replicas.
         */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text exposition: request count and latency histogram by route and status, plus
         *     process metrics.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document
         * @description The OpenAPI 3.1 document the server validates its requests and responses against.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List templates
         * @description The built-in templates and the templates of the packs installed on the server.
         */
        get: operations["listTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{templateId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description A built-in template's name (`typescript-library`) or an installed pack's template
                 *     (`@acme/web/service`, URL-encoded as one segment: `%40acme%2Fweb%2Fservice`).
                 */
                templateId: components["parameters"]["TemplateId"];
            };
            cookie?: never;
        };
        /**
         * Show a template
         * @description One template with its versions and the questions of the requested (default latest) version.
         */
        get: operations["getTemplate"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/renders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render a template
         * @description Renders a template with the given answers, on the server, with the same core code as
         *     `gtcx new`. Answers the file tree as JSON (file contents as UTF-8 text or base64), or as a
         *     deterministic tar.gz when the request says `Accept: application/gzip`. A dry run answers the
         *     plan (paths, sizes, modes and hashes, no contents) as JSON whatever the `Accept` header.
         *     Hooks are never run on the server: they are listed for the caller to run with trust.
         */
        post: operations["createRender"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search packs
         * @description Full-text search over pack names, descriptions and keywords, narrowed by keyword and scope.
         *     Without `q` the packs are listed by name.
         */
        get: operations["listPacks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
            };
            cookie?: never;
        };
        /**
         * Get a packument
         * @description Every version of a pack (yanked ones included, flagged) with dist-tags, integrity,
         *     registry signatures, deprecation and publish times.
         */
        get: operations["getPack"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        /**
         * Get a pack version
         * @description One version's metadata; yanked versions are still answered, flagged `yanked`.
         */
        get: operations["getPackVersion"];
        /**
         * Publish a pack version
         * @description Uploads a pack tarball (as built by `gtcx pack build`). Its `pack.yaml` must name the same pack
         *     and version as the path; the pack's scope must belong to an org in which the caller may
         *     publish, and a token's `packScopes` must include it. A `name@version` is never reused, even
         *     after a yank (409). The server verifies the archive with the same caps as the CLI's
         *     extraction, computes the sha512 integrity, signs `name@version:integrity` and moves the dist-tag
         *     (default `latest`).
         */
        put: operations["publishPackVersion"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}/versions/{version}/tarball": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        /**
         * Download a pack tarball
         * @description The tarball exactly as published. Versions are immutable, so the response may be cached
         *     forever; yanked versions stay downloadable by exact version (for lockfiles). The ETag is the
         *     version's integrity.
         */
        get: operations["getPackTarball"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}/versions/{version}/deprecation": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Deprecate a pack version
         * @description Sets (or replaces) the deprecation message shown to everyone who installs the version.
         */
        put: operations["deprecatePackVersion"];
        post?: never;
        /**
         * Lift a deprecation
         * @description Removes the version's deprecation message.
         */
        delete: operations["undeprecatePackVersion"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}/versions/{version}/yank": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Yank a pack version
         * @description Hides the version from range and dist-tag resolution; it stays installable by exact version
         *     (from a lockfile) and its `name@version` is never published again. Dist-tags pointing at it
         *     are moved to the highest remaining non-yanked version, or removed.
         */
        put: operations["yankPackVersion"];
        post?: never;
        /**
         * Restore a yanked version
         * @description Makes the version resolvable by ranges again. Dist-tags moved by the yank stay where they are.
         */
        delete: operations["unyankPackVersion"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}/dist-tags": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
            };
            cookie?: never;
        };
        /**
         * Get a pack's dist-tags
         * @description Every dist-tag of the pack and the version it points at.
         */
        get: operations["getDistTags"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/packs/{packName}/dist-tags/{tag}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description The dist-tag, e.g. `latest` or `next`. */
                tag: components["parameters"]["DistTag"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Set a dist-tag
         * @description Points the dist-tag at an existing, non-yanked version. `If-Match` takes the dist-tags' ETag.
         */
        put: operations["setDistTag"];
        post?: never;
        /**
         * Remove a dist-tag
         * @description Removes the dist-tag. `latest` cannot be removed (409); point it elsewhere instead.
         */
        delete: operations["deleteDistTag"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/gtcx/pack-signing-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Pack signing keys
         * @description The Ed25519 public keys the registry signs `name@version:integrity` with, current and
         *     retired, so clients can verify signatures offline (they cache this document).
         */
        get: operations["listPackSigningKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OAuth 2.0 token endpoint
         * @description RFC 6749 token endpoint. Grants: `client_credentials` (service accounts, e.g. CI; client
         *     authenticated with HTTP Basic or `client_id`/`client_secret` in the body), `refresh_token`
         *     (rotated on every use; reusing a rotated refresh token revokes its whole family) and
         *     `urn:ietf:params:oauth:grant-type:device_code` (RFC 8628; answers `authorization_pending` or
         *     `slow_down` until the user approves). Access tokens are short-lived EdDSA JWTs verifiable with
         *     the JWKS. Field names and the 400/401 error shape are those of RFC 6749, not problem+json.
         */
        post: operations["createOAuthToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/device_authorization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a device authorization
         * @description RFC 8628 device authorization endpoint, used by `gtcx login`: answers a device code to poll
         *     the token endpoint with and a user code for the person to approve at the verification URI.
         *     Errors use the RFC 6749 shape, as RFC 8628 requires.
         */
        post: operations["createDeviceAuthorization"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a token
         * @description RFC 7009 revocation: revokes a refresh token (and its family) or an access token. Answers 200
         *     for unknown or already revoked tokens too, so callers learn nothing about other tokens.
         */
        post: operations["revokeOAuthToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/oauth/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Introspect a token
         * @description RFC 7662 introspection for resource servers: whether a token (JWT access token, refresh token or
         *     personal access token) is active, and its subject and scopes. The caller authenticates with a
         *     bearer token holding `tokens:introspect`.
         */
        post: operations["introspectOAuthToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/oauth-authorization-server": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Authorization server metadata
         * @description RFC 8414 metadata naming the endpoints, grants and scopes this server supports.
         */
        get: operations["getAuthorizationServerMetadata"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * JSON Web Key Set
         * @description The public keys (RFC 7517) that verify access tokens, current and recently rotated.
         */
        get: operations["getJwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a password
         * @description Exchanges a username and password for an access and refresh token pair (for the device approval
         *     page and the first admin's bootstrap). A wrong password and an unknown user get the same 401 in
         *     the same time; attempts are rate limited per user and per IP and audited.
         */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/device-approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve or deny a device login
         * @description A signed-in user approves (or denies) the device authorization showing this user code; the
         *     device's next poll of the token endpoint then receives tokens for this user (or
         *     `access_denied`). Unknown and expired codes are a 404.
         */
        post: operations["approveDevice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List personal access tokens
         * @description The caller's personal access tokens (never their values), newest first.
         */
        get: operations["listTokens"];
        put?: never;
        /**
         * Create a personal access token
         * @description Creates a `gtcx_` personal access token with the given scopes (never more than the caller's
         *     own), optional pack scopes for `packs:publish`, expiry and CIDR allowlist. The token value is
         *     in this response only; the server keeps a hash.
         */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The personal access token's id (not its value). */
                tokenId: components["parameters"]["TokenId"];
            };
            cookie?: never;
        };
        /**
         * Show a personal access token
         * @description One of the caller's tokens (never its value).
         */
        get: operations["getToken"];
        put?: never;
        post?: never;
        /**
         * Revoke a personal access token
         * @description The token stops working immediately.
         */
        delete: operations["revokeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/service-accounts": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        /**
         * List service accounts
         * @description The org's service accounts (never their secrets), by client id. Org owners and admins only.
         */
        get: operations["listServiceAccounts"];
        put?: never;
        /**
         * Create a service account
         * @description Creates a service account (e.g. for CI): a member of the org with the role, and an OAuth client
         *     `sa-<org>-<name>` that gets access tokens with `grant_type=client_credentials` at
         *     `/oauth/token`, holding at most the given scopes. The client secret (`gtcx_cs_...`) is in this
         *     response only; the server keeps a hash. Org owners and admins only.
         */
        post: operations["createServiceAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/service-accounts/{clientId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                /** @description The service account's OAuth client id (`sa-<org>-<name>`). */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a service account
         * @description Deletes the service account and its OAuth client: the client secret and every token it was
         *     issued stop working at once. Org owners and admins only.
         */
        delete: operations["deleteServiceAccount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/user": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who am I
         * @description The user (or service account) behind the bearer token, the token's scopes and the caller's org memberships. Any valid token may call it.
         */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Every user, by username. Server admins only.
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a user
         * @description Creates a user with a password (stored as an scrypt hash). Server admins only.
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        /**
         * Show a user
         * @description One user. Server admins, or the user themself.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        /**
         * Delete a user
         * @description Deletes the user, their memberships and tokens. The last server admin cannot be deleted (409). Server admins only.
         */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /**
         * Update a user
         * @description Changes the given fields (JSON merge semantics). Server admins; users may change their own display name, email and password.
         */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/v1/orgs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List orgs
         * @description The orgs the caller belongs to (every org for server admins), by name.
         */
        get: operations["listOrgs"];
        put?: never;
        /**
         * Create an org
         * @description Creates an org, which owns the pack scope `@<name>`; the caller becomes its owner.
         */
        post: operations["createOrg"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        /**
         * Show an org
         * @description One org, for its members and server admins.
         */
        get: operations["getOrg"];
        put?: never;
        post?: never;
        /**
         * Delete an org
         * @description Deletes the org with its teams, memberships and invitations. Refused (409) while it owns published packs. Org owners only.
         */
        delete: operations["deleteOrg"];
        options?: never;
        head?: never;
        /**
         * Update an org
         * @description Changes the given fields. Org owners only.
         */
        patch: operations["updateOrg"];
        trace?: never;
    };
    "/v1/orgs/{orgName}/members": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        /**
         * List org members
         * @description The org's members and their roles, by username.
         */
        get: operations["listOrgMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/members/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        get?: never;
        /**
         * Add a member or change a role
         * @description Adds an existing user to the org with the role, or changes their role. Org owners only; the last owner cannot be demoted (409).
         */
        put: operations["setOrgMember"];
        post?: never;
        /**
         * Remove a member
         * @description Removes the user from the org and its teams. Org owners, or the member themself; the last owner cannot leave (409).
         */
        delete: operations["removeOrgMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/teams": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        /**
         * List teams
         * @description The org's teams, by name.
         */
        get: operations["listTeams"];
        put?: never;
        /**
         * Create a team
         * @description Creates a team in the org. Org owners and maintainers.
         */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/teams/{teamName}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        /**
         * Show a team
         * @description One team of the org.
         */
        get: operations["getTeam"];
        put?: never;
        post?: never;
        /**
         * Delete a team
         * @description Deletes the team and its memberships (the users stay in the org).
         */
        delete: operations["deleteTeam"];
        options?: never;
        head?: never;
        /**
         * Update a team
         * @description Changes the given fields; a new name must be free in the org.
         */
        patch: operations["updateTeam"];
        trace?: never;
    };
    "/v1/orgs/{orgName}/teams/{teamName}/members": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        /**
         * List team members
         * @description The team's members and their team roles, by username.
         */
        get: operations["listTeamMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/teams/{teamName}/members/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        /**
         * Show a team membership
         * @description Whether the user is in the team, and with which role.
         */
        get: operations["getTeamMember"];
        /**
         * Add a team member or change a role
         * @description Adds an org member to the team, or changes their team role. The user must already belong to the org (409 otherwise).
         */
        put: operations["setTeamMember"];
        post?: never;
        /**
         * Remove a team member
         * @description Removes the user from the team; they stay in the org.
         */
        delete: operations["removeTeamMember"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        /**
         * List pending invitations
         * @description The org's pending invitations, newest first. Org owners only.
         */
        get: operations["listInvitations"];
        put?: never;
        /**
         * Invite someone
         * @description Creates an invitation with a role. The invitation token is in this response only (and in the email, once email lands). Org owners only.
         */
        post: operations["createInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orgs/{orgName}/invitations/{invitationId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                invitationId: components["parameters"]["InvitationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Cancel an invitation
         * @description The invitation token stops working.
         */
        delete: operations["deleteInvitation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invitation-acceptances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation
         * @description The signed-in caller joins the org with the invited role. Expired, cancelled and used tokens are a 404; an invitation addressed to another user is a 403.
         */
        post: operations["acceptInvitation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the audit log
         * @description Audit events, newest first, narrowed by the filters. Server admins see every event; org owners see their orgs' events.
         */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description RFC 9457 problem details with gtcx extensions. */
        Problem: {
            /**
             * Format: uri-reference
             * @description A URI reference identifying the problem type (`about:blank` when generic).
             */
            type: string;
            /** @description Short summary of the problem type. */
            title: string;
            /** @description The HTTP status code. */
            status: number;
            /** @description What went wrong in this occurrence. */
            detail?: string;
            /** @description The request path (or a URI) of this occurrence. */
            instance?: string;
            /** @description The stable GtcxError code, e.g. `validation_failed`, `not_found`, `not_implemented`. */
            code: string;
            /** @description The request id, as logged by the server. */
            requestId?: string;
            /** @description How to fix it, in one line. */
            hint?: string;
            /** @description The offending fields of a validation error. */
            errors?: components["schemas"]["FieldError"][];
        } & {
            [key: string]: unknown;
        };
        FieldError: {
            /** @description JSON pointer or dotted path of the field, e.g. `querystring.limit` or `/body/name`. */
            field: string;
            message: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
            /** @description The server's version. */
            version: string;
            uptimeSeconds: number;
        };
        ReadinessCheck: {
            /** @description The dependency checked, e.g. `store` or `redis`. */
            name: string;
            /** @enum {string} */
            status: "ok" | "failing";
            /** @description Why the check fails. */
            detail?: string;
        };
        Readiness: {
            /** @enum {string} */
            status: "ready";
            checks: components["schemas"]["ReadinessCheck"][];
        };
        /** @description A 503 problem naming the failing checks. */
        ReadinessProblem: components["schemas"]["Problem"] & {
            checks: components["schemas"]["ReadinessCheck"][];
        };
        /** @description An opaque identifier. */
        Id: string;
        /** @description Pass as `cursor` to get the next page; `null` on the last page. */
        NextCursor: string | null;
        /** @description A semantic version (semver 2.0.0), e.g. `1.4.0` or `2.0.0-beta.1`. */
        Semver: string;
        /** @description Lowercase letters, digits and inner hyphens, 1..39 characters. */
        Username: string;
        /** @description Lowercase letters, digits and inner hyphens, 1..39 characters; the org owns the pack scope `@<name>`. */
        OrgName: string;
        /** @description Lowercase letters, digits and inner hyphens, 1..64 characters. */
        TeamName: string;
        /** @description A pack scope, `@` and an org name. */
        PackScope: string;
        /** @description A scoped pack name, `@scope/name`. */
        PackName: string;
        /** @description A dist-tag; it starts with a letter so it can never be read as a version. */
        DistTagName: string;
        /** @description A Subresource Integrity string over the tarball bytes, sha512. */
        Integrity: string;
        /** @description A built-in template's name, or `@scope/pack/template` for a pack's template. */
        TemplateId: string;
        /**
         * @description A permission a token carries. `admin` implies every other scope.
         * @enum {string}
         */
        Scope: "packs:read" | "packs:publish" | "templates:read" | "renders:create" | "tokens:read" | "tokens:write" | "tokens:introspect" | "users:read" | "users:write" | "orgs:read" | "orgs:write" | "projects:read" | "projects:write" | "audit:read" | "admin";
        /**
         * @description Where the template comes from.
         * @enum {string}
         */
        TemplateSource: "builtin" | "pack";
        PackRef: {
            name: components["schemas"]["PackName"];
            version: components["schemas"]["Semver"];
        };
        TemplateSummary: {
            id: components["schemas"]["TemplateId"];
            name: string;
            version: components["schemas"]["Semver"];
            description: string;
            source: components["schemas"]["TemplateSource"];
            pack?: components["schemas"]["PackRef"];
        };
        TemplateList: {
            items: components["schemas"]["TemplateSummary"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        QuestionChoice: {
            value: string | number | boolean;
            label?: string;
        };
        QuestionValidation: {
            /** @description A regular expression the answer must match (string-like questions). */
            pattern?: string;
            /** @description Smallest number, shortest length, or fewest choices. */
            min?: number;
            /** @description Largest number, longest length, or most choices. */
            max?: number;
            /** @description What the user is told when the answer fails validation. */
            message?: string;
        };
        Question: {
            /** @description The answer key. */
            name: string;
            /** @enum {string} */
            type: "string" | "number" | "boolean" | "select" | "multiselect" | "secret" | "path";
            /** @description The prompt. */
            message: string;
            help?: string;
            /** @description The default answer, as declared (it may reference earlier answers). */
            default?: unknown;
            required: boolean;
            choices?: components["schemas"]["QuestionChoice"][];
            validate?: components["schemas"]["QuestionValidation"];
            /** @description The condition on earlier answers under which the question is asked, as declared. */
            when?: string;
        };
        Template: {
            id: components["schemas"]["TemplateId"];
            name: string;
            version: components["schemas"]["Semver"];
            /** @description Every available version, highest first. */
            versions: components["schemas"]["Semver"][];
            description: string;
            source: components["schemas"]["TemplateSource"];
            pack?: components["schemas"]["PackRef"];
            /** @description The questions of `version`, in the order they are asked. */
            questions: components["schemas"]["Question"][];
        };
        RenderRequest: {
            template: components["schemas"]["TemplateId"];
            version?: components["schemas"]["Semver"];
            /** @description Answers by question name. An unknown key or a missing required answer is a 400 naming it. */
            answers?: {
                [key: string]: unknown;
            };
            /**
             * @description Take the default for every unanswered question (like `gtcx new --defaults`).
             * @default false
             */
            useDefaults: boolean;
            /**
             * @description Answer the plan (paths, sizes, modes, hashes) without file contents.
             * @default false
             */
            dryRun: boolean;
        };
        RenderedFile: {
            /** @description POSIX path relative to the project root. */
            path: string;
            size: number;
            /** @description Unix permission bits, e.g. 420 (0644) or 493 (0755). */
            mode: number;
            sha256: string;
            /**
             * @description How `content` is encoded; absent on a dry run.
             * @enum {string}
             */
            encoding?: "utf8" | "base64";
            /** @description The file's content; absent on a dry run. */
            content?: string;
        };
        RenderHook: {
            /** @enum {string} */
            stage: "pre" | "post";
            command: string;
        };
        Render: {
            template: components["schemas"]["TemplateId"];
            version: components["schemas"]["Semver"];
            dryRun: boolean;
            /** @description The rendered files, sorted by path. */
            files: components["schemas"]["RenderedFile"][];
            /** @description The template's hooks, never run on the server; the caller runs them with trust. */
            hooks: components["schemas"]["RenderHook"][];
            /**
             * @description The template's injections into files that may already exist in the caller's project,
             *     rendered (file, content and marker) but not applied: the server never sees the caller's
             *     files, so the caller applies them as `gtcx new` does offline.
             */
            injections: components["schemas"]["RenderedInjection"][];
        };
        RenderedInjection: {
            /** @description POSIX path relative to the project root. */
            file: string;
            /** @enum {string} */
            mode: "append" | "prepend" | "before" | "after";
            /** @description The regular expression (multiline) that before/after place the content against. */
            pattern?: string;
            content: string;
            /** @description The injection is skipped when the file already contains this text. */
            marker: string;
        };
        PackSummary: {
            name: components["schemas"]["PackName"];
            description: string;
            keywords: string[];
            /** @description The version the `latest` dist-tag points at. */
            latestVersion: string | null;
            /** @description Whether the latest version is deprecated. */
            deprecated?: boolean;
            /** Format: date-time */
            updatedAt: string;
        };
        PackList: {
            items: components["schemas"]["PackSummary"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        PackSignature: {
            /** @description The signing key, as listed at `/.well-known/gtcx/pack-signing-keys`. */
            keyId: string;
            /** @description Base64 Ed25519 signature over `name@version:integrity`. */
            sig: string;
        };
        PackDist: {
            /** @description Path of the tarball on this server. */
            tarball: string;
            integrity: components["schemas"]["Integrity"];
            /** @description Tarball size in bytes. */
            size: number;
            unpackedSize: number;
            fileCount: number;
            signatures: components["schemas"]["PackSignature"][];
        };
        PackVersion: {
            name: components["schemas"]["PackName"];
            version: components["schemas"]["Semver"];
            description: string;
            /** @description An SPDX expression. */
            license?: string;
            keywords: string[];
            /** @description The names of the templates in the pack. */
            templates: string[];
            engines: {
                /** @description The semver range of gtcx versions the pack works with. */
                gtcx?: string;
            };
            /** @description Other packs this one needs, name to semver range. */
            dependencies: {
                [key: string]: string;
            };
            dist: components["schemas"]["PackDist"];
            /** @description The deprecation message, `null` when not deprecated. */
            deprecated: string | null;
            /** @description Hidden from range resolution, still installable by exact version. */
            yanked: boolean;
            yankReason?: string;
            /** Format: date-time */
            publishedAt: string;
            /** @description The username or service account that published it. */
            publishedBy?: string;
        };
        Packument: {
            name: components["schemas"]["PackName"];
            /** @description The description of the latest version. */
            description: string;
            keywords: string[];
            license?: string;
            distTags: components["schemas"]["DistTagMap"];
            /** @description Every published version (yanked ones flagged), by version. */
            versions: {
                [key: string]: components["schemas"]["PackVersion"];
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description Dist-tag to version, e.g. `{ "latest": "1.2.0", "next": "2.0.0-beta.1" }`. */
        DistTagMap: {
            [key: string]: string;
        };
        DistTags: {
            distTags: components["schemas"]["DistTagMap"];
        };
        DistTagRequest: {
            version: components["schemas"]["Semver"];
        };
        DeprecationRequest: {
            /** @description What users are told on install, e.g. which version to use instead. */
            message: string;
        };
        YankRequest: {
            reason?: string;
        };
        PackSigningKey: {
            keyId: string;
            /** @enum {string} */
            algorithm: "ed25519";
            /** @description The public key, base64 DER SubjectPublicKeyInfo. */
            publicKey: string;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description After this time signatures by this key are refused; `null` for no expiry.
             */
            expiresAt: string | null;
        };
        PackSigningKeys: {
            keys: components["schemas"]["PackSigningKey"][];
        };
        OAuthTokenRequest: {
            /** @enum {string} */
            grant_type: "client_credentials" | "refresh_token" | "urn:ietf:params:oauth:grant-type:device_code";
            client_id?: string;
            client_secret?: string;
            /** @description Space-separated scopes; at most the client's (or the refresh token's) own. */
            scope?: string;
            refresh_token?: string;
            device_code?: string;
        } & {
            [key: string]: unknown;
        };
        OAuthTokenResponse: {
            access_token: string;
            /** @enum {string} */
            token_type: "Bearer";
            expires_in: number;
            refresh_token?: string;
            scope?: string;
        };
        OAuthError: {
            /** @enum {string} */
            error: "invalid_request" | "invalid_client" | "invalid_grant" | "unauthorized_client" | "unsupported_grant_type" | "invalid_scope" | "authorization_pending" | "slow_down" | "access_denied" | "expired_token" | "unsupported_token_type";
            error_description?: string;
            error_uri?: string;
        };
        DeviceAuthorizationRequest: {
            client_id: string;
            scope?: string;
        } & {
            [key: string]: unknown;
        };
        DeviceAuthorizationResponse: {
            device_code: string;
            user_code: string;
            verification_uri: string;
            verification_uri_complete?: string;
            expires_in: number;
            interval: number;
        };
        OAuthRevokeRequest: {
            token: string;
            /** @enum {string} */
            token_type_hint?: "access_token" | "refresh_token";
            client_id?: string;
            client_secret?: string;
        } & {
            [key: string]: unknown;
        };
        OAuthIntrospectRequest: {
            token: string;
            /** @enum {string} */
            token_type_hint?: "access_token" | "refresh_token";
        } & {
            [key: string]: unknown;
        };
        OAuthIntrospection: {
            active: boolean;
            scope?: string;
            client_id?: string;
            username?: string;
            /** @description `access_token`, `refresh_token` or `personal_access_token`. */
            token_type?: string;
            exp?: number;
            iat?: number;
            nbf?: number;
            sub?: string;
            aud?: string;
            iss?: string;
            jti?: string;
        };
        AuthorizationServerMetadata: {
            issuer: string;
            token_endpoint: string;
            device_authorization_endpoint?: string;
            revocation_endpoint?: string;
            introspection_endpoint?: string;
            jwks_uri: string;
            scopes_supported?: string[];
            response_types_supported: string[];
            grant_types_supported: string[];
            token_endpoint_auth_methods_supported?: string[];
            revocation_endpoint_auth_methods_supported?: string[];
            introspection_endpoint_auth_methods_supported?: string[];
            service_documentation?: string;
        };
        Jwk: {
            kty: string;
            crv?: string;
            x?: string;
            kid: string;
            alg?: string;
            use?: string;
        };
        JwkSet: {
            keys: components["schemas"]["Jwk"][];
        };
        SessionRequest: {
            username: components["schemas"]["Username"];
            password: string;
            /** @description The scopes to request; all of the user's when omitted. */
            scopes?: components["schemas"]["Scope"][];
        };
        TokenPair: {
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Seconds until the access token expires. */
            expiresIn: number;
            /** @description Use with `grant_type=refresh_token` at `/oauth/token`. */
            refreshToken: string;
            scopes: components["schemas"]["Scope"][];
        };
        DeviceApprovalRequest: {
            /** @description The code shown by `gtcx login`; case and the dash are ignored. */
            userCode: string;
            /**
             * @description `false` denies the device.
             * @default true
             */
            approve: boolean;
        };
        DeviceApproval: {
            userCode: string;
            clientId: string;
            scopes: components["schemas"]["Scope"][];
            /** @enum {string} */
            status: "approved" | "denied";
            /** Format: date-time */
            decidedAt: string;
        };
        /** @description An IPv4 or IPv6 network in CIDR notation, e.g. `10.0.0.0/8`. */
        Cidr: string;
        Token: {
            id: components["schemas"]["Id"];
            name: string;
            /** @description The first characters of the value (`gtcx_ab12`), to recognise it. */
            tokenPrefix: string;
            scopes: components["schemas"]["Scope"][];
            /** @description The pack scopes `packs:publish` is limited to; empty means every scope the user may publish to. */
            packScopes: components["schemas"]["PackScope"][];
            /** Format: date-time */
            expiresAt: string | null;
            /** @description The networks the token may be used from; empty means anywhere. */
            cidrAllowlist: components["schemas"]["Cidr"][];
            /** Format: date-time */
            lastUsedAt: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        TokenList: {
            items: components["schemas"]["Token"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        TokenCreateRequest: {
            /** @description What the token is for; unique among the caller's tokens. */
            name: string;
            scopes: components["schemas"]["Scope"][];
            packScopes?: components["schemas"]["PackScope"][];
            /**
             * Format: date-time
             * @description When the token stops working; the server's default lifetime applies when omitted.
             */
            expiresAt?: string;
            cidrAllowlist?: components["schemas"]["Cidr"][];
        };
        CreatedToken: {
            token: components["schemas"]["Token"];
            /** @description The token value (`gtcx_...`). Shown only here; store it now. */
            secret: string;
        };
        /**
         * @description Lowercase letters and digits, 1..35 characters, and at most 35 with the org's name: the client
         *     id `sa-<org>-<name>` is also the service account's username (at most 39 characters), and a name
         *     without hyphens keeps the org it belongs to unambiguous.
         */
        ServiceAccountName: string;
        /** @description `sa-<org>-<name>`: a service account's OAuth client id, which is also its username. */
        ServiceAccountClientId: string;
        ServiceAccount: {
            clientId: components["schemas"]["ServiceAccountClientId"];
            name: components["schemas"]["ServiceAccountName"];
            org: components["schemas"]["OrgName"];
            /** @description Its role in the org; `null` once its membership was removed. */
            role: components["schemas"]["OrgRole"] | null;
            /** @description The most a token issued to this client may carry. */
            scopes: components["schemas"]["Scope"][];
            /** @description Who created it (a username), if known. */
            createdBy: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        ServiceAccountList: {
            items: components["schemas"]["ServiceAccount"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        ServiceAccountCreateRequest: {
            name: components["schemas"]["ServiceAccountName"];
            role: components["schemas"]["OrgRole"];
            /** @description The most a token issued to the service account may carry; never `admin`. */
            scopes: components["schemas"]["Scope"][];
        };
        CreatedServiceAccount: {
            serviceAccount: components["schemas"]["ServiceAccount"];
            /** @description The client secret (`gtcx_cs_...`) for `client_credentials`. Shown only here; store it now. */
            clientSecret: string;
        };
        User: {
            username: components["schemas"]["Username"];
            displayName: string | null;
            /** Format: email */
            email: string | null;
            /** @description A server admin. */
            admin: boolean;
            /** @description A disabled user cannot sign in and their tokens are refused. */
            disabled: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        UserList: {
            items: components["schemas"]["User"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        /**
         * @description `owner` manages the org, its members and its packs; `maintainer` publishes and manages teams;
         *     `member` publishes; `viewer` reads.
         * @enum {string}
         */
        OrgRole: "owner" | "maintainer" | "member" | "viewer";
        OrgRoleRef: {
            org: components["schemas"]["OrgName"];
            role: components["schemas"]["OrgRole"];
        };
        CurrentUser: {
            /** @description The username, or the service account's client id. */
            subject: string;
            /** @enum {string} */
            kind: "user" | "serviceAccount";
            displayName?: string | null;
            email?: string | null;
            admin: boolean;
            /** @description The scopes of the token used for this request. */
            scopes: components["schemas"]["Scope"][];
            /** @enum {string} */
            authMethod: "accessToken" | "personalAccessToken";
            orgs: components["schemas"]["OrgRoleRef"][];
        };
        /** @description At least 12 characters. */
        Password: string;
        UserCreateRequest: {
            username: components["schemas"]["Username"];
            password: components["schemas"]["Password"];
            displayName?: string;
            /** Format: email */
            email?: string;
            /** @default false */
            admin: boolean;
        };
        UserUpdateRequest: {
            displayName?: string | null;
            /** Format: email */
            email?: string | null;
            password?: components["schemas"]["Password"];
            admin?: boolean;
            disabled?: boolean;
        };
        Org: {
            name: components["schemas"]["OrgName"];
            scope: components["schemas"]["PackScope"];
            displayName: string | null;
            description: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        OrgList: {
            items: components["schemas"]["Org"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        OrgCreateRequest: {
            name: components["schemas"]["OrgName"];
            displayName?: string;
            description?: string;
        };
        OrgUpdateRequest: {
            displayName?: string | null;
            description?: string | null;
        };
        Membership: {
            org: components["schemas"]["OrgName"];
            username: components["schemas"]["Username"];
            role: components["schemas"]["OrgRole"];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        MembershipList: {
            items: components["schemas"]["Membership"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        MembershipRequest: {
            role: components["schemas"]["OrgRole"];
        };
        Team: {
            org: components["schemas"]["OrgName"];
            name: components["schemas"]["TeamName"];
            description: string | null;
            memberCount: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        TeamList: {
            items: components["schemas"]["Team"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        TeamCreateRequest: {
            name: components["schemas"]["TeamName"];
            description?: string;
        };
        TeamUpdateRequest: {
            name?: components["schemas"]["TeamName"];
            description?: string | null;
        };
        /** @enum {string} */
        TeamRole: "maintainer" | "member";
        TeamMembership: {
            org: components["schemas"]["OrgName"];
            team: components["schemas"]["TeamName"];
            username: components["schemas"]["Username"];
            role: components["schemas"]["TeamRole"];
            /** Format: date-time */
            createdAt: string;
        };
        TeamMembershipList: {
            items: components["schemas"]["TeamMembership"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        TeamMembershipRequest: {
            role?: components["schemas"]["TeamRole"];
        };
        Invitation: {
            id: components["schemas"]["Id"];
            org: components["schemas"]["OrgName"];
            role: components["schemas"]["OrgRole"];
            /** @description The address the invitation was sent to, if any. */
            email: string | null;
            /** @description The only user who may accept it, if the invitation names one. */
            username: string | null;
            invitedBy: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
        };
        InvitationList: {
            items: components["schemas"]["Invitation"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
        InvitationCreateRequest: {
            role: components["schemas"]["OrgRole"];
            /** Format: email */
            email?: string;
            username?: components["schemas"]["Username"];
            /** @default 7 */
            expiresInDays: number;
        };
        CreatedInvitation: {
            invitation: components["schemas"]["Invitation"];
            /** @description The invitation token to pass to `POST /v1/invitation-acceptances`. Shown only here. */
            secret: string;
        };
        InvitationAcceptanceRequest: {
            token: string;
        };
        AuditEvent: {
            id: components["schemas"]["Id"];
            /** Format: date-time */
            occurredAt: string;
            /** @description The username or service account; `null` for anonymous callers (e.g. a failed sign-in). */
            actor: string | null;
            /** @enum {string} */
            actorType: "user" | "serviceAccount" | "anonymous";
            /** @description Dotted verb, e.g. `pack.publish`, `token.create`, `session.create`, `org.member.set`. */
            action: string;
            /** @description What the action was on, e.g. `@acme/web@1.2.0` or `user:alice`. */
            target: string | null;
            org: string | null;
            /** @enum {string} */
            outcome: "success" | "failure";
            ip: string | null;
            requestId: string | null;
            /** @description Action-specific facts (never secrets). */
            details: {
                [key: string]: unknown;
            };
        };
        AuditEventList: {
            items: components["schemas"]["AuditEvent"][];
            nextCursor: components["schemas"]["NextCursor"];
        };
    };
    responses: {
        /** @description An error, as RFC 9457 problem details. */
        Problem: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request violates the contract; `errors` lists the offending fields. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No credentials, or credentials that are malformed, expired, revoked or wrongly signed. */
        Unauthorized: {
            headers: {
                /** @description `Bearer` challenge naming the error. */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The credentials lack the required scope, role, pack scope or source address. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The resource does not exist (or the caller may not know that it does). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request conflicts with the current state (e.g. the name is taken). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description `If-Match` does not match the current ETag; nothing was changed. */
        PreconditionFailed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body exceeds the server's limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The caller's rate limit is exhausted. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The representation matches `If-None-Match`; no body. */
        NotModified: {
            headers: {
                ETag: components["headers"]["ETag"];
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description Done; no body. */
        NoContent: {
            headers: {
                [name: string]: unknown;
            };
            content?: never;
        };
        /** @description The request body's media type is not the one this operation takes. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An RFC 6749 error (`invalid_request`, `invalid_grant`, `authorization_pending`, ...). */
        OAuthBadRequest: {
            headers: {
                "Cache-Control": components["headers"]["CacheControlNoStore"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OAuthError"];
            };
        };
        /** @description Client authentication failed (`invalid_client`). */
        OAuthUnauthorized: {
            headers: {
                /** @description `Basic` challenge when the client tried HTTP Basic authentication. */
                "WWW-Authenticate"?: string;
                "Cache-Control": components["headers"]["CacheControlNoStore"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["OAuthError"];
            };
        };
    };
    parameters: {
        /** @description Page size. */
        Limit: number;
        /** @description The `nextCursor` of the previous page; omit for the first page. */
        Cursor: string;
        /** @description An ETag from an earlier read; a match answers 304 with no body. */
        IfNoneMatch: string;
        /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
        IfMatch: string;
        /**
         * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
         *     answers the first result instead of creating twice; the same key with another body is a 409.
         */
        IdempotencyKey: string;
        /**
         * @description A built-in template's name (`typescript-library`) or an installed pack's template
         *     (`@acme/web/service`, URL-encoded as one segment: `%40acme%2Fweb%2Fservice`).
         */
        TemplateId: components["schemas"]["TemplateId"];
        /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
        PackName: components["schemas"]["PackName"];
        /** @description An exact semver version (not a range or dist-tag). */
        PackVersion: components["schemas"]["Semver"];
        /** @description The dist-tag, e.g. `latest` or `next`. */
        DistTag: components["schemas"]["DistTagName"];
        /** @description The personal access token's id (not its value). */
        TokenId: components["schemas"]["Id"];
        /** @description The service account's OAuth client id (`sa-<org>-<name>`). */
        ClientId: components["schemas"]["ServiceAccountClientId"];
        Username: components["schemas"]["Username"];
        /** @description The org's name, which is also its pack scope without the `@`. */
        OrgName: components["schemas"]["OrgName"];
        TeamName: components["schemas"]["TeamName"];
        InvitationId: components["schemas"]["Id"];
        /** @description Only events by this actor (a username or a service account's client id). */
        AuditActor: string;
        /** @description Only events with this action, e.g. `pack.publish`, or a prefix ending in `.*` (`token.*`). */
        AuditAction: string;
        /** @description Only events on this target, e.g. `@acme/web@1.2.0`, `user:alice`, `org:acme`. */
        AuditTarget: string;
        /** @description Only events concerning this org. */
        AuditOrg: components["schemas"]["OrgName"];
        /** @description Only events at or after this time. */
        AuditSince: string;
        /** @description Only events before this time. */
        AuditUntil: string;
    };
    requestBodies: never;
    headers: {
        /** @description Entity tag of the representation. */
        ETag: string;
        /** @description Caching directives. */
        CacheControl: string;
        /** @description `private, max-age=31536000, immutable`: a published version never changes; private because the download needs credentials. */
        CacheControlImmutable: string;
        /** @description URL of the created resource. */
        Location: string;
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
        /** @description Remaining quota and reset time (IETF RateLimit header fields draft). */
        RateLimit: string;
        /** @description The quota policy that applies to the caller. */
        RateLimitPolicy: string;
        /** @description `no-store`: the response carries credentials. */
        CacheControlNoStore: string;
        /** @description Size of the body in bytes. */
        ContentLength: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every dependency answers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description A dependency is failing; `checks` names it. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ReadinessProblem"];
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document, as YAML. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            default: components["responses"]["Problem"];
        };
    };
    listTemplates: {
        parameters: {
            query?: {
                /** @description Text to match in the template's id, name and description. */
                q?: string;
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of templates. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TemplateList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getTemplate: {
        parameters: {
            query?: {
                /** @description The template version to describe; the latest when omitted. */
                version?: components["schemas"]["Semver"];
            };
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /**
                 * @description A built-in template's name (`typescript-library`) or an installed pack's template
                 *     (`@acme/web/service`, URL-encoded as one segment: `%40acme%2Fweb%2Fservice`).
                 */
                templateId: components["parameters"]["TemplateId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The template. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Template"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createRender: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RenderRequest"];
            };
        };
        responses: {
            /** @description The rendered file tree. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Render"];
                    "application/gzip": unknown;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listPacks: {
        parameters: {
            query?: {
                /** @description Search text. */
                q?: string;
                /** @description Only packs with this keyword. */
                keyword?: string;
                /** @description Only packs in this scope, e.g. `@acme`. */
                scope?: components["schemas"]["PackScope"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of matching packs, best match first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getPack: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The packument. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Packument"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getPackVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersion"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    publishPackVersion: {
        parameters: {
            query?: {
                /** @description The dist-tag to point at the new version. */
                tag?: components["schemas"]["DistTagName"];
                /** @description The sha512 SRI the client computed; a mismatch is a 400 and nothing is stored. */
                integrity?: components["schemas"]["Integrity"];
            };
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/gzip": unknown;
            };
        };
        responses: {
            /** @description Published. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getPackTarball: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tarball. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControlImmutable"];
                    ETag: components["headers"]["ETag"];
                    "Content-Length": components["headers"]["ContentLength"];
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": unknown;
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deprecatePackVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeprecationRequest"];
            };
        };
        responses: {
            /** @description The version, deprecated. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    undeprecatePackVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version, no longer deprecated. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    yankPackVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["YankRequest"];
            };
        };
        responses: {
            /** @description The version, yanked. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    unyankPackVersion: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description An exact semver version (not a range or dist-tag). */
                version: components["parameters"]["PackVersion"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version, restored. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersion"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getDistTags: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dist-tags. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistTags"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    setDistTag: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description The dist-tag, e.g. `latest` or `next`. */
                tag: components["parameters"]["DistTag"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DistTagRequest"];
            };
        };
        responses: {
            /** @description All dist-tags after the change. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistTags"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deleteDistTag: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The pack's full name, URL-encoded as one segment (`@acme%2Fweb`). */
                packName: components["parameters"]["PackName"];
                /** @description The dist-tag, e.g. `latest` or `next`. */
                tag: components["parameters"]["DistTag"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All dist-tags after the change. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistTags"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listPackSigningKeys: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackSigningKeys"];
                };
            };
            304: components["responses"]["NotModified"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createOAuthToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["OAuthTokenRequest"];
            };
        };
        responses: {
            /** @description The issued tokens. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthTokenResponse"];
                };
            };
            400: components["responses"]["OAuthBadRequest"];
            401: components["responses"]["OAuthUnauthorized"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createDeviceAuthorization: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["DeviceAuthorizationRequest"];
            };
        };
        responses: {
            /** @description The device and user codes. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceAuthorizationResponse"];
                };
            };
            400: components["responses"]["OAuthBadRequest"];
            401: components["responses"]["OAuthUnauthorized"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    revokeOAuthToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["OAuthRevokeRequest"];
            };
        };
        responses: {
            /** @description The token is no longer valid. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["OAuthBadRequest"];
            401: components["responses"]["OAuthUnauthorized"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    introspectOAuthToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["OAuthIntrospectRequest"];
            };
        };
        responses: {
            /** @description The token's state; `active` false for anything unknown, expired or revoked. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OAuthIntrospection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getAuthorizationServerMetadata: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metadata. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthorizationServerMetadata"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getJwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key set. */
            200: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControl"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JwkSet"];
                };
            };
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SessionRequest"];
            };
        };
        responses: {
            /** @description Signed in. */
            201: {
                headers: {
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenPair"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    approveDevice: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeviceApprovalRequest"];
            };
        };
        responses: {
            /** @description The decision is recorded. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeviceApproval"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listTokens: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tokens. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenCreateRequest"];
            };
        };
        responses: {
            /** @description The token, with its value shown once. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedToken"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The personal access token's id (not its value). */
                tokenId: components["parameters"]["TokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The token. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Token"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    revokeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The personal access token's id (not its value). */
                tokenId: components["parameters"]["TokenId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listServiceAccounts: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of service accounts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceAccountList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createServiceAccount: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ServiceAccountCreateRequest"];
            };
        };
        responses: {
            /** @description The service account, with its client secret shown once. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    "Cache-Control": components["headers"]["CacheControlNoStore"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedServiceAccount"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deleteServiceAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                /** @description The service account's OAuth client id (`sa-<org>-<name>`). */
                clientId: components["parameters"]["ClientId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CurrentUser"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listUsers: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of users. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreateRequest"];
            };
        };
        responses: {
            /** @description The new user. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The user. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdateRequest"];
            };
        };
        responses: {
            /** @description The updated user. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listOrgs: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of orgs. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrgList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createOrg: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgCreateRequest"];
            };
        };
        responses: {
            /** @description The new org. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Org"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getOrg: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The org. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Org"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deleteOrg: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    updateOrg: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["OrgUpdateRequest"];
            };
        };
        responses: {
            /** @description The updated org. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Org"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listOrgMembers: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of memberships. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MembershipList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    setOrgMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MembershipRequest"];
            };
        };
        responses: {
            /** @description The role was changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            /** @description The user was added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    removeOrgMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listTeams: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of teams. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamCreateRequest"];
            };
        };
        responses: {
            /** @description The new team. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getTeam: {
        parameters: {
            query?: never;
            header?: {
                /** @description An ETag from an earlier read; a match answers 304 with no body. */
                "If-None-Match"?: components["parameters"]["IfNoneMatch"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The team. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            304: components["responses"]["NotModified"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deleteTeam: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    updateTeam: {
        parameters: {
            query?: never;
            header?: {
                /** @description The ETag the update is based on; a mismatch answers 412 and changes nothing. */
                "If-Match"?: components["parameters"]["IfMatch"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamUpdateRequest"];
            };
        };
        responses: {
            /** @description The updated team. */
            200: {
                headers: {
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            412: components["responses"]["PreconditionFailed"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listTeamMembers: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of team memberships. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamMembershipList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    getTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The membership. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamMembership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    setTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamMembershipRequest"];
            };
        };
        responses: {
            /** @description The role was changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamMembership"];
                };
            };
            /** @description The user was added. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamMembership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    removeTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                teamName: components["parameters"]["TeamName"];
                username: components["parameters"]["Username"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listInvitations: {
        parameters: {
            query?: {
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of invitations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvitationList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    createInvitation: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationCreateRequest"];
            };
        };
        responses: {
            /** @description The invitation, with its token shown once. */
            201: {
                headers: {
                    Location: components["headers"]["Location"];
                    ETag: components["headers"]["ETag"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedInvitation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    deleteInvitation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The org's name, which is also its pack scope without the `@`. */
                orgName: components["parameters"]["OrgName"];
                invitationId: components["parameters"]["InvitationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            204: components["responses"]["NoContent"];
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    acceptInvitation: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description A client-chosen key (1..255 characters). A retry with the same key and body within 24 hours
                 *     answers the first result instead of creating twice; the same key with another body is a 409.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["InvitationAcceptanceRequest"];
            };
        };
        responses: {
            /** @description The caller's new membership. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Membership"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description Only events by this actor (a username or a service account's client id). */
                actor?: components["parameters"]["AuditActor"];
                /** @description Only events with this action, e.g. `pack.publish`, or a prefix ending in `.*` (`token.*`). */
                action?: components["parameters"]["AuditAction"];
                /** @description Only events on this target, e.g. `@acme/web@1.2.0`, `user:alice`, `org:acme`. */
                target?: components["parameters"]["AuditTarget"];
                /** @description Only events concerning this org. */
                org?: components["parameters"]["AuditOrg"];
                /** @description Only events at or after this time. */
                since?: components["parameters"]["AuditSince"];
                /** @description Only events before this time. */
                until?: components["parameters"]["AuditUntil"];
                /** @description Page size. */
                limit?: components["parameters"]["Limit"];
                /** @description The `nextCursor` of the previous page; omit for the first page. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of audit events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditEventList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            default: components["responses"]["Problem"];
        };
    };
}
