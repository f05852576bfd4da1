using System;
using System.Collections.Generic;
using System.Linq;
using RoleTrust.Engine.Json;

namespace RoleTrust.Engine.Tests.Findings
{
    /// <summary>
    /// The part of the SARIF 2.1.0 JSON schema that the objects RoleTrust writes must satisfy, written out by hand:
    /// for each object type its allowed properties (the schema sets additionalProperties to false for all of these
    /// except property bags), required properties, property types, enumerations and minimums. Returns the violations.
    /// </summary>
    internal static class SarifShape
    {
        private sealed class Def
        {
            public string[] Required = Array.Empty<string>();
            /// <summary>Property name to its type: "string", "integer", "boolean", "object", "array", "uri", "level", "ref:&lt;def&gt;", "array:&lt;def&gt;", "map:&lt;def&gt;", "map:string".</summary>
            public Dictionary<string, string> Properties = new Dictionary<string, string>();
            public bool OpenProperties;
            public string[][]? AnyOfRequired;
        }

        private static readonly string[] Levels = { "none", "note", "warning", "error" };

        private static readonly Dictionary<string, Def> Defs = new Dictionary<string, Def>
        {
            ["sarifLog"] = new Def { Required = new[] { "version", "runs" }, Properties = { ["$schema"] = "uri", ["version"] = "version", ["runs"] = "array:run", ["inlineExternalProperties"] = "array", ["properties"] = "ref:propertyBag" } },
            ["run"] = new Def
            {
                Required = new[] { "tool" },
                Properties =
                {
                    ["tool"] = "ref:tool", ["invocations"] = "array:invocation", ["conversion"] = "object", ["language"] = "string", ["versionControlProvenance"] = "array",
                    ["originalUriBaseIds"] = "map:artifactLocation", ["artifacts"] = "array", ["logicalLocations"] = "array:logicalLocation", ["graphs"] = "array",
                    ["results"] = "array:result", ["automationDetails"] = "object", ["runAggregates"] = "array", ["baselineGuid"] = "string", ["redactionTokens"] = "array",
                    ["defaultEncoding"] = "string", ["defaultSourceLanguage"] = "string", ["newlineSequences"] = "array", ["columnKind"] = "columnKind",
                    ["externalPropertyFileReferences"] = "object", ["threadFlowLocations"] = "array", ["taxonomies"] = "array", ["addresses"] = "array",
                    ["translations"] = "array", ["policies"] = "array", ["webRequests"] = "array", ["webResponses"] = "array", ["specialLocations"] = "object", ["properties"] = "ref:propertyBag",
                },
            },
            ["tool"] = new Def { Required = new[] { "driver" }, Properties = { ["driver"] = "ref:toolComponent", ["extensions"] = "array:toolComponent", ["properties"] = "ref:propertyBag" } },
            ["toolComponent"] = new Def
            {
                Required = new[] { "name" },
                Properties =
                {
                    ["guid"] = "string", ["name"] = "string", ["organization"] = "string", ["product"] = "string", ["productSuite"] = "string",
                    ["shortDescription"] = "ref:multiformatMessageString", ["fullDescription"] = "ref:multiformatMessageString", ["fullName"] = "string",
                    ["version"] = "string", ["semanticVersion"] = "string", ["dottedQuadFileVersion"] = "string", ["releaseDateUtc"] = "string",
                    ["downloadUri"] = "uri", ["informationUri"] = "uri", ["globalMessageStrings"] = "object", ["notifications"] = "array:reportingDescriptor",
                    ["rules"] = "array:reportingDescriptor", ["taxa"] = "array", ["locations"] = "array", ["language"] = "string", ["contents"] = "array",
                    ["isComprehensive"] = "boolean", ["localizedDataSemanticVersion"] = "string", ["minimumRequiredLocalizedDataSemanticVersion"] = "string",
                    ["associatedComponent"] = "object", ["translationMetadata"] = "object", ["supportedTaxonomies"] = "array", ["properties"] = "ref:propertyBag",
                },
            },
            ["reportingDescriptor"] = new Def
            {
                Required = new[] { "id" },
                Properties =
                {
                    ["id"] = "string", ["deprecatedIds"] = "array", ["guid"] = "string", ["deprecatedGuids"] = "array", ["name"] = "string", ["deprecatedNames"] = "array",
                    ["shortDescription"] = "ref:multiformatMessageString", ["fullDescription"] = "ref:multiformatMessageString", ["messageStrings"] = "map:multiformatMessageString",
                    ["defaultConfiguration"] = "ref:reportingConfiguration", ["helpUri"] = "uri", ["help"] = "ref:multiformatMessageString", ["relationships"] = "array",
                    ["properties"] = "ref:propertyBag",
                },
            },
            ["reportingConfiguration"] = new Def { Properties = { ["enabled"] = "boolean", ["level"] = "level", ["rank"] = "number", ["parameters"] = "ref:propertyBag", ["properties"] = "ref:propertyBag" } },
            ["multiformatMessageString"] = new Def { Required = new[] { "text" }, Properties = { ["text"] = "string", ["markdown"] = "string", ["properties"] = "ref:propertyBag" } },
            ["message"] = new Def { AnyOfRequired = new[] { new[] { "text" }, new[] { "id" } }, Properties = { ["text"] = "string", ["markdown"] = "string", ["id"] = "string", ["arguments"] = "array", ["properties"] = "ref:propertyBag" } },
            ["invocation"] = new Def
            {
                Required = new[] { "executionSuccessful" },
                Properties =
                {
                    ["commandLine"] = "string", ["arguments"] = "array", ["responseFiles"] = "array", ["startTimeUtc"] = "string", ["endTimeUtc"] = "string", ["exitCode"] = "integer",
                    ["ruleConfigurationOverrides"] = "array", ["notificationConfigurationOverrides"] = "array", ["toolExecutionNotifications"] = "array:notification",
                    ["toolConfigurationNotifications"] = "array:notification", ["exitCodeDescription"] = "string", ["exitSignalName"] = "string", ["exitSignalNumber"] = "integer",
                    ["processStartFailureMessage"] = "string", ["executionSuccessful"] = "boolean", ["machine"] = "string", ["account"] = "string", ["processId"] = "integer",
                    ["executableLocation"] = "ref:artifactLocation", ["workingDirectory"] = "ref:artifactLocation", ["environmentVariables"] = "map:string",
                    ["stdin"] = "ref:artifactLocation", ["stdout"] = "ref:artifactLocation", ["stderr"] = "ref:artifactLocation", ["stdoutStderr"] = "ref:artifactLocation", ["properties"] = "ref:propertyBag",
                },
            },
            ["notification"] = new Def
            {
                Required = new[] { "message" },
                Properties =
                {
                    ["locations"] = "array:location", ["message"] = "ref:message", ["level"] = "level", ["threadId"] = "integer", ["timeUtc"] = "string",
                    ["exception"] = "object", ["descriptor"] = "ref:reportingDescriptorReference", ["associatedRule"] = "ref:reportingDescriptorReference", ["properties"] = "ref:propertyBag",
                },
            },
            ["reportingDescriptorReference"] = new Def { AnyOfRequired = new[] { new[] { "index" }, new[] { "guid" }, new[] { "id" } }, Properties = { ["id"] = "string", ["index"] = "index", ["guid"] = "string", ["toolComponent"] = "object", ["properties"] = "ref:propertyBag" } },
            ["result"] = new Def
            {
                Required = new[] { "message" },
                Properties =
                {
                    ["ruleId"] = "string", ["ruleIndex"] = "index", ["rule"] = "ref:reportingDescriptorReference", ["kind"] = "kind", ["level"] = "level", ["message"] = "ref:message",
                    ["analysisTarget"] = "ref:artifactLocation", ["locations"] = "array:location", ["guid"] = "string", ["correlationGuid"] = "string", ["occurrenceCount"] = "integer",
                    ["partialFingerprints"] = "map:string", ["fingerprints"] = "map:string", ["stacks"] = "array", ["codeFlows"] = "array", ["graphs"] = "array", ["graphTraversals"] = "array",
                    ["relatedLocations"] = "array:location", ["suppressions"] = "array", ["baselineState"] = "string", ["rank"] = "number", ["attachments"] = "array",
                    ["hostedViewerUri"] = "uri", ["workItemUris"] = "array", ["provenance"] = "object", ["fixes"] = "array", ["taxa"] = "array", ["webRequest"] = "object",
                    ["webResponse"] = "object", ["properties"] = "ref:propertyBag",
                },
            },
            ["location"] = new Def
            {
                Properties =
                {
                    ["id"] = "index", ["physicalLocation"] = "ref:physicalLocation", ["logicalLocations"] = "array:logicalLocation", ["message"] = "ref:message",
                    ["annotations"] = "array", ["relationships"] = "array", ["properties"] = "ref:propertyBag",
                },
            },
            ["physicalLocation"] = new Def { AnyOfRequired = new[] { new[] { "address" }, new[] { "artifactLocation" } }, Properties = { ["address"] = "object", ["artifactLocation"] = "ref:artifactLocation", ["region"] = "object", ["contextRegion"] = "object", ["properties"] = "ref:propertyBag" } },
            ["artifactLocation"] = new Def { Properties = { ["uri"] = "uriReference", ["uriBaseId"] = "string", ["index"] = "index", ["description"] = "ref:message", ["properties"] = "ref:propertyBag" } },
            ["logicalLocation"] = new Def { Properties = { ["name"] = "string", ["index"] = "index", ["fullyQualifiedName"] = "string", ["decoratedName"] = "string", ["parentIndex"] = "index", ["kind"] = "string", ["properties"] = "ref:propertyBag" } },
            ["propertyBag"] = new Def { OpenProperties = true, Properties = { ["tags"] = "uniqueStrings" } },
        };

        public static List<string> Validate(JsonNode log)
        {
            var errors = new List<string>();
            Check(log, "sarifLog", "$", errors);
            return errors;
        }

        private static void Check(JsonNode node, string defName, string path, List<string> errors)
        {
            var def = Defs[defName];
            if (node.Kind != JsonKind.Object) { errors.Add($"{path}: {defName} must be an object"); return; }
            var names = node.Members!.Select(m => m.Key).ToList();
            if (names.Count != names.Distinct().Count()) errors.Add($"{path}: duplicate property names");
            foreach (var r in def.Required) if (!names.Contains(r)) errors.Add($"{path}: {defName} requires '{r}'");
            if (def.AnyOfRequired != null && !def.AnyOfRequired.Any(set => set.All(names.Contains)))
                errors.Add($"{path}: {defName} requires one of {string.Join(" / ", def.AnyOfRequired.Select(s => string.Join("+", s)))}");
            foreach (var m in node.Members!)
            {
                string at = path + "." + m.Key;
                if (!def.Properties.TryGetValue(m.Key, out var type))
                {
                    if (!def.OpenProperties) errors.Add($"{at}: '{m.Key}' is not a property of {defName}");
                    continue;
                }
                CheckValue(m.Value, type, at, errors);
            }
        }

        private static void CheckValue(JsonNode v, string type, string at, List<string> errors)
        {
            if (type.StartsWith("ref:")) { Check(v, type.Substring(4), at, errors); return; }
            if (type.StartsWith("array:"))
            {
                if (v.Kind != JsonKind.Array) { errors.Add($"{at}: must be an array"); return; }
                for (int i = 0; i < v.Items!.Count; i++) Check(v.Items[i], type.Substring(6), $"{at}[{i}]", errors);
                return;
            }
            if (type.StartsWith("map:"))
            {
                if (v.Kind != JsonKind.Object) { errors.Add($"{at}: must be an object"); return; }
                foreach (var m in v.Members!)
                    if (type == "map:string") { if (m.Value.Kind != JsonKind.String) errors.Add($"{at}.{m.Key}: must be a string"); }
                    else Check(m.Value, type.Substring(4), $"{at}.{m.Key}", errors);
                return;
            }
            switch (type)
            {
                case "string": if (v.Kind != JsonKind.String) errors.Add($"{at}: must be a string"); break;
                case "boolean": if (v.Kind != JsonKind.True && v.Kind != JsonKind.False) errors.Add($"{at}: must be a boolean"); break;
                case "integer": if (v.Kind != JsonKind.Number || !long.TryParse(v.Text, out _)) errors.Add($"{at}: must be an integer"); break;
                case "index": if (v.Kind != JsonKind.Number || !long.TryParse(v.Text, out long n) || n < -1) errors.Add($"{at}: must be an integer >= -1"); break;
                case "number": if (v.Kind != JsonKind.Number) errors.Add($"{at}: must be a number"); break;
                case "object": if (v.Kind != JsonKind.Object) errors.Add($"{at}: must be an object"); break;
                case "array": if (v.Kind != JsonKind.Array) errors.Add($"{at}: must be an array"); break;
                case "version": if (v.Text != "2.1.0") errors.Add($"{at}: version must be 2.1.0"); break;
                case "level": if (!Levels.Contains(v.Text)) errors.Add($"{at}: level '{v.Text}' is not one of none, note, warning, error"); break;
                case "kind": if (!new[] { "notApplicable", "pass", "fail", "review", "open", "informational" }.Contains(v.Text)) errors.Add($"{at}: kind '{v.Text}' is not allowed"); break;
                case "columnKind": if (v.Text != "utf16CodeUnits" && v.Text != "unicodeCodePoints") errors.Add($"{at}: columnKind '{v.Text}' is not allowed"); break;
                case "uri": if (v.Kind != JsonKind.String || !Uri.TryCreate(v.Text, UriKind.Absolute, out _)) errors.Add($"{at}: must be an absolute URI"); break;
                case "uriReference": if (v.Kind != JsonKind.String || !Uri.TryCreate(v.Text, UriKind.RelativeOrAbsolute, out _)) errors.Add($"{at}: must be a URI reference"); break;
                case "uniqueStrings":
                    if (v.Kind != JsonKind.Array || v.Items!.Any(i => i.Kind != JsonKind.String)) errors.Add($"{at}: must be an array of strings");
                    else if (v.Items!.Select(i => i.Text).Distinct().Count() != v.Items.Count) errors.Add($"{at}: items must be unique");
                    break;
                default: throw new InvalidOperationException("unknown type " + type);
            }
        }
    }
}
