using System;
using System.Collections.Generic;
using System.Management.Automation;
using RoleTrust.Engine.Json;

namespace RoleTrust.Internal
{
    /// <summary>
    /// The texts that describe one failure, from what a pipeline hands Resolve-AssumeRoleError: a string; an exception
    /// and its inner exceptions (type names and messages, outermost first); an ErrorRecord's exception chain, its
    /// ErrorDetails.Message (AWS.Tools may put the service's response there), the command that failed and its
    /// FullyQualifiedErrorId; an object from ConvertFrom-Json (a CloudTrail record) as its JSON. The error code an
    /// AWS SDK exception carries as its ErrorCode property is returned apart: it is the wire code.
    /// </summary>
    internal static class ErrorTextCollector
    {
        private const int MaxInnerExceptions = 16;

        public static List<string> From(object? input, out string? errorCode)
        {
            errorCode = null;
            var texts = new List<string>();
            object? value = input is PSObject pso ? pso.BaseObject : input;
            switch (value)
            {
                case null:
                    break;
                case string s:
                    texts.Add(s);
                    break;
                case ErrorRecord record:
                    AddChain(record.Exception, texts, ref errorCode);
                    if (!string.IsNullOrEmpty(record.ErrorDetails?.Message)) texts.Add(record.ErrorDetails!.Message);
                    if (record.InvocationInfo?.MyCommand?.Name is string command && command.Length > 0) texts.Add(command);
                    if (!string.IsNullOrEmpty(record.FullyQualifiedErrorId)) texts.Add(record.FullyQualifiedErrorId);
                    break;
                case Exception ex:
                    AddChain(ex, texts, ref errorCode);
                    break;
                case PSCustomObject _:
                case System.Collections.IDictionary _:
                    texts.Add(JsonWriter.Write(PSObjectConverter.ToJson(input)));
                    break;
                default:
                    texts.Add(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    break;
            }
            return texts;
        }

        private static void AddChain(Exception? ex, List<string> texts, ref string? errorCode)
        {
            var queue = new Queue<Exception>();
            if (ex != null) queue.Enqueue(ex);
            int seen = 0;
            while (queue.Count > 0 && seen++ < MaxInnerExceptions)
            {
                var e = queue.Dequeue();
                // Apart, not "Type: message": a prefix would change the length of a console-cut first line.
                texts.Add(e.GetType().FullName);
                texts.Add(e.Message);
                errorCode ??= CodeProperty(e);
                if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) queue.Enqueue(inner);
                else if (e.InnerException != null) queue.Enqueue(e.InnerException);
            }
        }

        /// <summary>An ErrorCode property (Amazon.Runtime.AmazonServiceException has one; so may an object shaped like it).</summary>
        private static string? CodeProperty(Exception e)
        {
            try
            {
                var property = PSObject.AsPSObject(e).Properties["ErrorCode"];
                return property?.Value is string code && code.Trim().Length > 0 ? code.Trim() : null;
            }
            catch (GetValueInvocationException) { return null; }
        }
    }
}
