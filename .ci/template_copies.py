"""Writes the copies of template.yaml that .ci/lint-template checks with cfn-lint (docs/development.md, "The template,
checked by AWS's own tools").

1. <out>/template-with-state-machines.json: cfn-lint validates Amazon States Language (rule E3601) only in the
   Definition of an AWS::StepFunctions::StateMachine; it neither reads a DefinitionUri file nor checks an
   AWS::Serverless::StateMachine's definition. So for each AWS::Serverless::StateMachine whose DefinitionUri names a
   local file, the copy gains an AWS::StepFunctions::StateMachine "<LogicalId>Definition" with that file's content as
   Definition and the same DefinitionSubstitutions (cfn-lint accepts a "${Name}" string where a substitution of that
   name exists).
2. <out>/template-transformed.json: the template as CloudFormation receives it after the SAM transform, made by
   samtranslator (the translator `sam validate` uses): the roles, versions, aliases, permissions, schedules and API
   stages SAM generates are linted too. Local CodeUri/DefinitionUri become placeholder S3 locations, as `sam deploy`
   would upload them. It must hold no implicit API Gateway stage (a Deployment with a StageName, finding 4 of issue 15).

Both copies give VpcId, SubnetIds and FunctionSecurityGroupId sample ids as defaults (a deployment in a VPC), so that
W1030, ignored for template.yaml in .cfnlintrc.yaml, is mandatory on the copies.

Usage: python .ci/template_copies.py template.yaml target/cfn-lint
"""
import copy
import json
import os
import sys
from pathlib import Path

from cfnlint.decode import decode

SAMPLE_VPC_DEFAULTS = {
    "VpcId": "vpc-0123456789abcdef0",
    "SubnetIds": "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
    "FunctionSecurityGroupId": "sg-0123456789abcdef0",
}
PLACEHOLDER_BUCKET = "cutover-placeholder-artifacts"


def read(source: str) -> dict:
    template, problems = decode(source)
    if problems:
        sys.exit(f"{source} cannot be read: {problems}")
    template = json.loads(json.dumps(template))  # plain dicts and lists
    for name, default in SAMPLE_VPC_DEFAULTS.items():
        template["Parameters"][name]["Default"] = default
    return template


def with_state_machines(template: dict, base: Path) -> tuple[dict, list[str]]:
    template = copy.deepcopy(template)
    resources = template["Resources"]
    inlined = []
    for logical_id, resource in list(resources.items()):
        properties = resource.get("Properties", {})
        uri = properties.get("DefinitionUri")
        if resource.get("Type") != "AWS::Serverless::StateMachine" or not isinstance(uri, str):
            continue
        definition = {
            "Type": "AWS::StepFunctions::StateMachine",
            "Properties": {
                # Never deployed: a role ARN of the right shape, so that the resource itself is valid.
                "RoleArn": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cfn-lint-only"},
                "Definition": json.loads((base / uri).read_text(encoding="utf-8")),
                "DefinitionSubstitutions": properties.get("DefinitionSubstitutions", {}),
            },
        }
        if "Condition" in resource:
            definition["Condition"] = resource["Condition"]
        resources[logical_id + "Definition"] = definition
        inlined.append(f"{logical_id} ({uri})")
    return template, inlined


def transformed(template: dict) -> dict:
    # samtranslator needs a Region for the pseudo parameters; no call is made to AWS.
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-west-1")
    from samtranslator.translator.transform import transform

    template = copy.deepcopy(template)
    function_globals = template.get("Globals", {}).get("Function", {})
    if isinstance(function_globals.get("CodeUri"), str):
        function_globals["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/functions.zip"
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = f"s3://{PLACEHOLDER_BUCKET}/functions.zip"
        if resource.get("Type") == "AWS::Serverless::StateMachine" and isinstance(properties.get("DefinitionUri"), str):
            properties["DefinitionUri"] = {"Bucket": PLACEHOLDER_BUCKET, "Key": properties["DefinitionUri"]}

    class NoManagedPolicyNames:  # the template names managed policies by ARN only
        def load(self):
            return {}

    result = transform(template, {}, NoManagedPolicyNames())
    implicit = [i for i, r in result["Resources"].items()
                if r["Type"] == "AWS::ApiGateway::Deployment" and "StageName" in r.get("Properties", {})]
    if implicit:
        sys.exit(f"the SAM transform adds an implicit API stage through {implicit}: set OpenApiVersion on the Api")
    return result


def main(source: str, out: str) -> None:
    template = read(source)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy1, inlined = with_state_machines(template, Path(source).parent)
    (out_dir / "template-with-state-machines.json").write_text(json.dumps(copy1, indent=1), encoding="utf-8")
    print(f"{out_dir}/template-with-state-machines.json: the definitions of {', '.join(inlined) or 'no state machine'} inlined")
    copy2 = transformed(template)
    (out_dir / "template-transformed.json").write_text(json.dumps(copy2, indent=1), encoding="utf-8")
    print(f"{out_dir}/template-transformed.json: {len(copy2['Resources'])} resources after the SAM transform")


if __name__ == "__main__":
    main(*sys.argv[1:])
