"""Translates the SAM template into plain CloudFormation, offline, the way `sam deploy`
would, so the scanners can check what AWS will actually create.

Usage: translate.py TEMPLATE OUT.json
"""
import json
import sys

from samtranslator.parser.parser import Parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    """wardline's roles are written out in full; no AWS managed policy is looked up."""

    def load(self):
        return {}


def main(source, target):
    with open(source) as f:
        sam = yaml_parse(f.read())
    # What `sam package` does: local code folders become S3 objects.
    for name, resource in sam.get("Resources", {}).items():
        props = resource.get("Properties", {})
        for key in ("CodeUri", "ContentUri"):
            if isinstance(props.get(key), str) and not props[key].startswith("s3://"):
                props[key] = f"s3://wardline-artifacts/{name}.zip"
    parameters = {"AWS::Region": "eu-west-2", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"}
    # A fixed region and account: the translation must not depend on, or reach, any AWS account.
    import boto3

    session = boto3.session.Session(region_name="eu-west-2")
    translator = Translator(NoManagedPolicies(), Parser(), boto_session=session)
    cfn = translator.translate(sam, parameter_values=parameters)
    with open(target, "w") as f:
        json.dump(cfn, f, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
