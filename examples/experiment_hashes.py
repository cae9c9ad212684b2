#!/usr/bin/python3
"""The hashes usdcop-gate gives an experiment YAML, computed on the research side before registering it.

    /usr/bin/python3 examples/experiment_hashes.py config/experiments/ppo_usdcop_baseline.yaml

prints the contract id, config_hash and reward_config_hash exactly as `registerExperiment` will report them
(needs PyYAML: Debian's python3-yaml). The recipe:

- config_hash        = SHA-256 (hex) of the file's exact bytes: a changed comment or space is a different contract.
- reward_config_hash = SHA-256 (hex) of the canonical JSON of the `reward` section: object keys sorted recursively,
  no whitespace, UTF-8, strings escaped as JSON requires (other characters as they are), integers as integers, and
  every floating-point number written as Java's Double.toString writes it ("100.0", "0.1", "3.0E-4", "1.0E7").
  YAML is read with YAML 1.1 rules (snakeyaml on the service side, PyYAML here), so `yes`/`no` are booleans and
  `1e-4` without a dot is a string in both.
"""
import decimal
import hashlib
import json
import math
import sys

import yaml


def java_double(x: float) -> str:
    """Java's Double.toString: decimal notation for 1e-3 <= |x| < 1e7, else d.dddE±n; always a digit after '.'."""
    if math.isnan(x) or math.isinf(x):
        raise ValueError("NaN and infinity have no JSON form")
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    digits, exponent = _shortest_digits(abs(x))  # value = 0.d1d2... * 10**exponent
    if 1e-3 <= abs(x) < 1e7:
        if exponent <= 0:
            text = "0." + "0" * (-exponent) + digits
        elif exponent >= len(digits):
            text = digits + "0" * (exponent - len(digits)) + ".0"
        else:
            text = digits[:exponent] + "." + digits[exponent:]
        return sign + text
    mantissa = digits[0] + "." + (digits[1:] or "0")
    return sign + mantissa + "E" + str(exponent - 1)


def _shortest_digits(x: float):
    """The shortest decimal digits that read back to x (Python's repr), and the exponent of 0.digits."""
    d = decimal.Decimal(repr(x)).normalize()
    sign, digit_tuple, exp = d.as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    return digits, len(digit_tuple) + exp


def canonical(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(str(k) for k in value)
        by_text = {str(k): v for k, v in value.items()}
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(by_text[k]) for k in keys) + "}"
    raise ValueError(f"{type(value).__name__} values (e.g. dates) are not supported in the reward section")


def main(path: str) -> None:
    raw = open(path, "rb").read()
    doc = yaml.safe_load(raw.decode("utf-8"))
    exp = doc["experiment"]
    reward = doc["reward"]
    print("contract_id        CTR-EXP-%s-%s" % (exp["name"], exp["version"]))
    print("config_hash        " + hashlib.sha256(raw).hexdigest())
    print("reward_config_hash " + hashlib.sha256(canonical(reward).encode("utf-8")).hexdigest())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: experiment_hashes.py EXPERIMENT.yaml")
    main(sys.argv[1])
