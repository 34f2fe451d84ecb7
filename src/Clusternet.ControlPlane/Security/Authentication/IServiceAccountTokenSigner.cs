namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Signs the legacy, non-expiring service account tokens kept in <c>kubernetes.io/service-account-token</c> Secrets
/// (the token controller fills them); the authenticator accepts such a token only while its Secret still exists and
/// holds it, so deleting the Secret revokes it.
/// </summary>
internal interface IServiceAccountTokenSigner
{
    /// <summary>A signed token for the service account <paramref name="serviceAccountName"/> (uid <paramref name="serviceAccountUid"/>) in <paramref name="namespace"/>, bound to the Secret <paramref name="secretName"/>.</summary>
    string SignSecretToken(string @namespace, string serviceAccountName, string serviceAccountUid, string secretName);
}
