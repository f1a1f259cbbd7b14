"""Writes the copy of template.yaml that .ci/lint-template lints with cfn-lint's state machine rules.

cfn-lint validates Amazon States Language (rule E3601) only in the Definition of an AWS::StepFunctions::StateMachine;
it neither reads a DefinitionUri file nor checks an AWS::Serverless::StateMachine's definition. So for each
AWS::Serverless::StateMachine whose DefinitionUri names a local file, the copy gains an AWS::StepFunctions::StateMachine
"<LogicalId>Definition" with that file's content as Definition and the same DefinitionSubstitutions (cfn-lint accepts
a "${Name}" string where a substitution of that name exists). The copy also gives VpcId, SubnetIds and
FunctionSecurityGroupId sample ids as defaults (a deployment in a VPC), so that W1030, ignored for template.yaml in
.cfnlintrc.yaml, can be mandatory on the copy.

Usage: python .ci/lint_template_copy.py template.yaml target/cfn-lint/template-with-state-machines.json
"""
import json
import sys
from pathlib import Path

from cfnlint.decode import decode

SAMPLE_VPC_DEFAULTS = {
    "VpcId": "vpc-0123456789abcdef0",
    "SubnetIds": "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
    "FunctionSecurityGroupId": "sg-0123456789abcdef0",
}


def main(source: str, copy: str) -> None:
    template, problems = decode(source)
    if problems:
        sys.exit(f"{source} cannot be read: {problems}")
    base = Path(source).parent
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
    for name, default in SAMPLE_VPC_DEFAULTS.items():
        template["Parameters"][name]["Default"] = default
    Path(copy).parent.mkdir(parents=True, exist_ok=True)
    Path(copy).write_text(json.dumps(template, indent=1), encoding="utf-8")
    print(f"{copy}: {source} with the definitions of {', '.join(inlined) or 'no state machine'} inlined")


if __name__ == "__main__":
    main(*sys.argv[1:])
