using System.Text.RegularExpressions;

namespace RoleTrust.Errors
{
    /// <summary>
    /// The messages AWS documents for the AssumeRole family, with the code AWS returns them under and the check they
    /// point at. A text that carries no code gets the documented one; the console and the SAML sign-in page carry
    /// none and get none.
    /// </summary>
    internal static class KnownStsMessages
    {
        public sealed class Entry
        {
            public Entry(string pattern, string code, string layer, bool codeless = false)
            {
                Pattern = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                Code = code; Layer = layer; Codeless = codeless;
            }

            public Regex Pattern { get; }
            /// <summary>The code AWS documents for the message.</summary>
            public string Code { get; }
            public string Layer { get; }
            /// <summary>The console or the SAML sign-in page: the message has no code, and none is invented.</summary>
            public bool Codeless { get; }
        }

        public static readonly Entry[] All =
        {
            new Entry(@"Roles may not be assumed by root accounts", StsErrorCodes.AccessDenied, "SourcePrincipal"),
            new Entry(@"MultiFactorAuthentication failed", StsErrorCodes.AccessDenied, "RequestParameters"),
            new Entry(@"(?:The )?requested DurationSeconds exceeds", StsErrorCodes.ValidationError, "SessionDuration"),
            new Entry(@"STS is not activated in this region", StsErrorCodes.RegionDisabled, "StsEndpoint"),
            new Entry(@"The security token included in the request is invalid", StsErrorCodes.InvalidClientTokenId, "CallerIdentity"),
            new Entry(@"The security token included in the request is expired", StsErrorCodes.ExpiredToken, "CallerIdentity"),
            new Entry(@"The request signature we calculated does not match", StsErrorCodes.SignatureDoesNotMatch, "CallerIdentity"),
            new Entry(@"Signature expired: \S+ is now earlier than", StsErrorCodes.SignatureDoesNotMatch, "CallerIdentity"),
            new Entry(@"Signature not yet current", StsErrorCodes.SignatureDoesNotMatch, "CallerIdentity"),
            new Entry(@"No OpenIDConnect provider found in your account", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"Incorrect token audience", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"Missing a required claim", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"Couldn't retrieve verification key from your identity provider", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"OpenIDConnect provider's HTTPS certificate doesn't match", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"Token expired: current date/time", StsErrorCodes.ExpiredTokenException, "IdentityProvider"),
            new Entry(@"Token too old", StsErrorCodes.ExpiredTokenException, "IdentityProvider"),
            new Entry(@"web identity token that was passed is expired", StsErrorCodes.ExpiredTokenException, "IdentityProvider"),
            new Entry(@"RoleSessionName is required in AuthnResponse", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"RoleSessionName in AuthnResponse must match", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"Source Identity must match", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            new Entry(@"Response signature invalid", StsErrorCodes.InvalidIdentityToken, "IdentityProvider"),
            // The SAML sign-in page (signin.aws.amazon.com/saml) and AWS's SAML discovery service: no STS code.
            new Entry(@"Your request included an invalid SAML response", "", "IdentityProvider", codeless: true),
            new Entry(@"Issuer not present in specified provider", "", "IdentityProvider", codeless: true),
            new Entry(@"Specified provider doesn't exist", "", "IdentityProvider", codeless: true),
            // The console's Switch Role page says this for every cause.
            new Entry(@"Invalid information in one or more fields", "", "", codeless: true),
        };

        /// <summary>The first documented message in the text, or null.</summary>
        public static Entry? Find(string text, out Match match)
        {
            foreach (var e in All)
            {
                match = e.Pattern.Match(text);
                if (match.Success) return e;
            }
            match = Match.Empty;
            return null;
        }
    }
}
