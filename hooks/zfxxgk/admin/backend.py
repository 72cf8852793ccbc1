"""Where the /admin/ page saves: the agency's forge (settings `extra.zfxxgk.admin`) or the local proxy.

- gitlab: a self-hosted GitLab; login by PKCE against the GitLab's own OAuth application (no secret, no
  third-party service); the editorial workflow (草稿 → 待审核 → 已发布) opens one merge request per item.
- forgejo: Decap's Forgejo backend, PKCE login, editorial workflow through pull requests.
- gitea: Decap's Gitea backend, PKCE login; Decap has no editorial workflow for Gitea, so a save is a
  commit to the branch (protect the branch and let editors work through `forgejo` or GitLab instead).
- not set: the local proxy only (`zfxxgk edit`), nothing is published from the browser.

`local_backend` points at /api/v1 on the page's own origin, where `zfxxgk edit` forwards to decap-server;
Decap uses it only on localhost / 127.0.0.1, so the published site always uses the forge.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

LOCAL_API = "/api/v1"
WORKFLOW = ("gitlab", "forgejo")  # the forges on which Decap's editorial workflow works


def backend_config(admin: Mapping[str, Any]) -> dict[str, Any]:
    """The `backend`, `publish_mode` and `local_backend` keys of the CMS configuration."""
    name = admin.get("backend")
    branch = str(admin.get("branch", "main"))
    out: dict[str, Any] = {}
    if name is None:
        out["backend"] = {"name": "proxy", "proxy_url": LOCAL_API, "branch": branch}
    else:
        url = str(admin.get("url", "")).rstrip("/")
        backend: dict[str, Any] = {"name": name, "repo": str(admin.get("repo", "")), "branch": branch}
        if name == "gitlab":
            backend.update({"auth_type": "pkce", "app_id": str(admin.get("app_id", "")),
                            "api_root": f"{url}/api/v4", "base_url": url, "auth_endpoint": "oauth/authorize"})
        else:  # gitea, forgejo: the same Gitea API and OAuth endpoints
            backend.update({"app_id": str(admin.get("app_id", "")), "api_root": f"{url}/api/v1",
                            "base_url": url, "auth_endpoint": f"{url}/login/oauth/authorize"})
        backend["squash_merges"] = False
        backend["commit_messages"] = {
            "create": "新增 {{collection}}：{{slug}}",
            "update": "修改 {{collection}}：{{slug}}",
            "delete": "删除 {{collection}}：{{slug}}",
            "uploadMedia": "上传附件 {{path}}",
            "deleteMedia": "删除附件 {{path}}",
        }
        out["backend"] = backend
        if name in WORKFLOW and admin.get("editorial_workflow", True):
            out["publish_mode"] = "editorial_workflow"
    out["local_backend"] = {"url": LOCAL_API, "allowed_hosts": ["localhost", "127.0.0.1"]}
    return out
