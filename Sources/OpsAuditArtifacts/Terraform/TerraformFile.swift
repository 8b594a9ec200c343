import OpsAuditModel

/// A Terraform configuration file (`*.tf`) as a tree of blocks with their simple attributes.
public struct TerraformFile: Artifact {
    public var path: String
    /// Top-level blocks: `resource`, `data`, `module`, `provider`, `terraform`, `variable`,
    /// `output`, `locals`, `moved`, `import`…
    public var blocks: [TerraformBlock]

    public init(path: String, blocks: [TerraformBlock]) {
        self.path = path
        self.blocks = blocks
    }
}

/// One HCL block (`resource "aws_db_instance" "main" { … }`) or nested block (`backup_configuration { … }`).
public struct TerraformBlock: Sendable {
    /// The block type keyword: `resource`, `backend`, `backup_configuration`…
    public var type: Located<String>
    /// The labels after the type (`"aws_db_instance"`, `"main"`), unquoted.
    public var labels: [Located<String>]
    /// `key = value` entries written directly in this block.
    public var attributes: [TerraformAttribute]
    /// Blocks written directly in this block.
    public var blocks: [TerraformBlock]
    /// Where the block type keyword is; `endLine` is the line of its closing brace.
    public var location: Location

    public init(type: Located<String>, labels: [Located<String>] = [], attributes: [TerraformAttribute] = [],
                blocks: [TerraformBlock] = [], location: Location) {
        self.type = type
        self.labels = labels
        self.attributes = attributes
        self.blocks = blocks
        self.location = location
    }

    /// The resource or data source type (first label of `resource` and `data` blocks).
    public var resourceType: String? {
        type.value == "resource" || type.value == "data" ? labels.first?.value : nil
    }

    /// The block's name: its last label (`main` of `resource "aws_db_instance" "main"`).
    public var name: String? { labels.last?.value }

    /// `resource.aws_db_instance.main`-style address, for messages.
    public var address: String { ([type.value] + labels.map(\.value)).joined(separator: ".") }

    /// The attribute `name` written directly in this block.
    public func attribute(_ name: String) -> TerraformAttribute? {
        attributes.last { $0.name.value == name }
    }

    /// The attribute at a dotted path through nested blocks: `backup_configuration.enabled`,
    /// `settings.backup_configuration.point_in_time_recovery_enabled`.
    public func attribute(path: String) -> TerraformAttribute? {
        var parts = path.split(separator: ".").map(String.init)
        guard let last = parts.popLast() else { return nil }
        var block: TerraformBlock? = self
        for part in parts { block = block?.blocks.first { $0.type.value == part } }
        return block?.attribute(last)
    }

    /// The first attribute named `name` in this block or any nested block (depth first).
    public func findAttribute(_ name: String) -> TerraformAttribute? {
        if let own = attribute(name) { return own }
        for block in blocks {
            if let found = block.findAttribute(name) { return found }
        }
        return nil
    }

    /// Nested blocks of one type written directly in this block.
    public func blocks(_ type: String) -> [TerraformBlock] { blocks.filter { $0.type.value == type } }
}

/// One `key = value` attribute, the value kept as written.
public struct TerraformAttribute: Sendable {
    public var name: Located<String>
    /// The expression as written (trimmed, comments removed at its end), located where it starts.
    public var value: Located<String>

    public init(name: Located<String>, value: Located<String>) {
        self.name = name
        self.value = value
    }

    /// `true`/`false` literals.
    public var bool: Bool? {
        switch value.value {
        case "true", "\"true\"": true
        case "false", "\"false\"": false
        default: nil
        }
    }

    /// A number literal (quoted numbers too, as Terraform converts them).
    public var int: Int? { Int(string ?? value.value) }

    /// The content of a quoted string without interpolation; nil for any other expression.
    public var string: String? {
        let text = value.value
        guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\""), !text.contains("${") else { return nil }
        let inner = text.dropFirst().dropLast()
        guard !inner.contains("\"") || inner.contains("\\\"") else { return nil }
        return inner.replacingBackslashEscapes()
    }

    /// True for a literal (number, bool, plain string); false for references and function calls.
    public var isLiteral: Bool { bool != nil || Int(value.value) != nil || string != nil }
}

extension Substring {
    /// `\"` → `"`, `\\` → `\`, `\n` → newline; other escapes kept as written.
    func replacingBackslashEscapes() -> String {
        var result = ""
        var escaped = false
        for character in self {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: result.append("\\"); result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}
