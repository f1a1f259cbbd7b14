"""Checks that the deployer's IAM policy (docs/deployer-policy.json) allows every action CloudFormation calls to
create, read, update and delete each resource of the given templates, as the resource types' own schemas list them
(the "handlers" permissions of the CloudFormation registry schemas cfn-lint ships), plus what `sam deploy` itself
calls, except those of properties the templates do not use (NOT_USED, each with its reason). Only actions are compared
(not the Resource scoping). Prints what is missing and exits 1.

Usage: python .ci/check_deployer_policy.py docs/deployer-policy.json target/cfn-lint/template-transformed.json prerequisites.yaml
"""
import fnmatch
import json
import sys
from pathlib import Path

import cfnlint
from cfnlint.decode import decode

SCHEMAS = Path(cfnlint.__file__).parent / "data" / "schemas"
HANDLERS = ("create", "read", "update", "delete")
# What `sam deploy` and `aws cloudformation deploy` call besides the resources' handlers: change sets of the stack and
# of the SAM transform, and the artifacts bucket of SAM's managed stack (aws-sam-cli-managed-default, --resolve-s3).
DEPLOY_TOOLS = [
    "cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
    "cloudformation:DeleteChangeSet", "cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents",
    "cloudformation:DescribeStackResources", "cloudformation:GetTemplate", "cloudformation:GetTemplateSummary",
    "cloudformation:ListStackResources", "cloudformation:DeleteStack",
    "s3:CreateBucket", "s3:PutObject", "s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation",
]
# Handler permissions for properties the templates do not use: the deployer policy leaves them out (least privilege).
NOT_USED = {
    "codedeploy:*": "Lambda aliases have no DeploymentPreference (no gradual deployment)",
    "elasticfilesystem:*": "no function mounts a file system (FileSystemConfigs)",
    "s3files:*": "no function mounts a file system (FileSystemConfigs)",
    "firehose:*": "no log group delivers to Firehose",
    "kinesis:*": "the approvals table has no KinesisStreamSpecification",
    "redshift:*": "no Redshift endpoint",
    "s3tables:*": "no bucket has a metadata table configuration",
    "iam:AttachGroupPolicy": "the managed policies attach to roles only",
    "iam:DetachGroupPolicy": "the managed policies attach to roles only",
    "iam:AttachUserPolicy": "the managed policies attach to roles only",
    "iam:DetachUserPolicy": "the managed policies attach to roles only",
    "kms:GenerateDataKeyPair*": "DMS endpoints read Secrets Manager credentials, no KMS key pair",
    "secretsmanager:ReplicateSecretToRegions": "no secret is replicated to another Region",
    "secretsmanager:RemoveRegionsFromReplication": "no secret is replicated to another Region",
    "rds:AddRoleTo*": "no IAM role is associated with the cluster or its instances",
    "rds:RemoveRoleFrom*": "no IAM role is associated with the cluster or its instances",
    "rds:CreateDBInstanceReadReplica": "the reader is a cluster instance, not a read replica",
    "rds:PromoteReadReplica": "the reader is a cluster instance, not a read replica",
    "rds:Restore*": "the cluster is created empty, not restored",
    "rds:*HttpEndpoint": "no RDS Data API",
    "rds:RemoveFromGlobalCluster": "no global database",
    "rds:*DBInstanceAutomatedBackupsReplication": "no cross-Region backup replication",
    "rds:CreateDBSnapshot": "Aurora instances take no snapshot of their own (the cluster's DeletionPolicy takes one)",
}


def resource_types(path: str) -> set[str]:
    template, problems = decode(path)
    if problems:
        sys.exit(f"{path} cannot be read: {problems}")
    return {r["Type"] for r in template["Resources"].values()}


def permissions(resource_type: str) -> set[str]:
    providers = json.loads((SCHEMAS / "providers" / "us-east-1.json").read_text(encoding="utf-8"))
    schema_id = providers.get(resource_type)
    if schema_id is None:
        sys.exit(f"no CloudFormation schema for {resource_type}")
    schema = json.loads((SCHEMAS / "resources" / f"{schema_id}.json").read_text(encoding="utf-8"))
    handlers = schema.get("handlers", {})
    return {p for h in HANDLERS for p in handlers.get(h, {}).get("permissions", [])}


def allowed_patterns(policy_path: str) -> list[str]:
    policy = json.loads(Path(policy_path).read_text(encoding="utf-8"))
    if policy.get("Version") != "2012-10-17" or not isinstance(policy.get("Statement"), list):
        sys.exit(f"{policy_path} is not an IAM policy document (Version 2012-10-17, Statement list)")
    patterns = []
    for statement in policy["Statement"]:
        if statement.get("Effect") == "Allow":
            actions = statement.get("Action", [])
            patterns.extend([actions] if isinstance(actions, str) else actions)
    return patterns


def main(policy_path: str, *templates: str) -> None:
    patterns = [p.lower() for p in allowed_patterns(policy_path)]
    needed: dict[str, set[str]] = {}
    for template in templates:
        for resource_type in sorted(resource_types(template)):
            for action in permissions(resource_type):
                needed.setdefault(action, set()).add(resource_type)
    for action in DEPLOY_TOOLS:
        needed.setdefault(action, set()).add("sam deploy")
    not_used = [p.lower() for p in NOT_USED]
    missing = {a: needed[a] for a in sorted(needed)
               if not any(fnmatch.fnmatchcase(a.lower(), p) for p in patterns + not_used)}
    for action, types in missing.items():
        print(f"{policy_path} lacks {action} (for {', '.join(sorted(types))})")
    if missing:
        sys.exit(1)
    print(f"{policy_path} allows all {len(needed)} actions CloudFormation and sam deploy need for "
          f"{', '.join(templates)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
