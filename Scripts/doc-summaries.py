#!/usr/bin/env python3
"""Lists the public declarations of the documented libraries that have no `///` summary line.

Every public or open declaration (type, function, initializer, property, subscript, typealias,
associated type and protocol requirement of a public protocol, and every case of a public enum)
must have a `///` comment right above it; attributes (`@discardableResult`, `@Parameter`) may stand
between the comment and the declaration. Extensions need none. Prints `file:line: declaration` for
each one without and exits with status 1 if there are any.

    python3 Scripts/doc-summaries.py                 # Sources/Nabla, Sources/NablaRL, Sources/NablaDistributed
    python3 Scripts/doc-summaries.py Sources/NablaRL # one target
"""
import pathlib
import re
import sys

DECLARATION = re.compile(
    r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*"
    r"(?:(?:public|open|private\(set\)|internal\(set\)|final|static|class|override|nonisolated|mutating|"
    r"nonmutating|convenience|required|indirect|lazy|weak|unowned)\s+)*"
    r"(?:public|open)\s+"
)
ATTRIBUTES = re.compile(r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*")
KEYWORD = re.compile(r"\b(func|var|let|init\??|struct|class|enum|protocol|typealias|subscript|actor|macro|case)\b")
TYPE_OPENER = re.compile(r"^\s*(?:@[\w.]+(?:\([^)]*\))?\s+)*(?:(?:public|open|final|indirect)\s+)*(enum|protocol)\s+\w+")
REQUIREMENT = re.compile(r"^\s*(?:@[\w.]+\s+)*(?:(?:static|mutating|nonmutating)\s+)*(func|var|init\??|subscript|associatedtype|typealias)\b")
ENUM_CASE = re.compile(r"^\s*(?:indirect\s+)?case\s+\w")


def code_of(line):
    """The line without string literals and `//` comments, for counting braces."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split("//", 1)[0]


def documented(lines, index):
    """Whether the declaration at `index` has a `///` line (or the end of a `/** */` block) above it,
    past any attribute lines."""
    above = index - 1
    while above >= 0 and lines[above].strip().startswith("@"):
        above -= 1
    if above < 0:
        return False
    previous = lines[above].strip()
    return previous.startswith("///") or previous.endswith("*/")


def undocumented(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    # A stack of what each open brace belongs to: "public-enum", "public-protocol" or "other".
    stack = []
    found = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        context = stack[-1] if stack else "file"
        head = ATTRIBUTES.sub("", line).split("(")[0]
        is_public = bool(DECLARATION.match(line)) and bool(KEYWORD.search(head))
        if re.match(r"^\s*(?:public\s+)?extension\b", line) or re.match(r"^\s*(?:@\w+\s+)*public\s+import\b", line):
            is_public = False
        if context == "public-enum" and ENUM_CASE.match(line):
            is_public = True
        if context == "public-protocol" and REQUIREMENT.match(line):
            is_public = True
        if is_public and not documented(lines, index):
            found.append((index + 1, stripped))
        code = code_of(line)
        opener = TYPE_OPENER.match(line)
        kind = "other"
        if opener and DECLARATION.match(line):
            kind = "public-" + opener.group(1)
        for character in code:
            if character == "{":
                stack.append(kind)
                kind = "other"
            elif character == "}" and stack:
                stack.pop()
    return found


def main(arguments):
    roots = [pathlib.Path(argument) for argument in arguments] or [pathlib.Path("Sources/Nabla"), pathlib.Path("Sources/NablaRL"),
                                                              pathlib.Path("Sources/NablaDistributed")]
    missing = 0
    for root in roots:
        if not root.exists():
            print(f"doc-summaries: {root} does not exist", file=sys.stderr)
            return 2
        for path in sorted(root.rglob("*.swift")):
            for number, declaration in undocumented(path):
                print(f"{path}:{number}: {declaration}")
                missing += 1
    if missing:
        print(f"{missing} public declarations without a /// summary line", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
