using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Fixed bearer tokens mapped to users, like kube-apiserver's <c>--token-auth-file</c>: the admin token, the loopback
/// token the built-in controllers use, and any the host configures. Tokens are compared in constant time.
/// </summary>
internal sealed class StaticTokenAuthenticator : IRequestAuthenticator
{
    private readonly (byte[] Token, UserInfo User)[] tokens;

    public StaticTokenAuthenticator(IEnumerable<KeyValuePair<string, UserInfo>> tokens) =>
        this.tokens = [.. tokens.Select(t => (Encoding.UTF8.GetBytes(t.Key), t.Value))];

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (BearerToken.Read(context) is not { } token)
        {
            return ValueTask.FromResult(AuthenticationResult.NotApplicable);
        }

        var presented = Encoding.UTF8.GetBytes(token);
        foreach (var (known, user) in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(known, presented))
            {
                return ValueTask.FromResult(AuthenticationResult.Success(user));
            }
        }

        return ValueTask.FromResult(AuthenticationResult.NotApplicable);
    }
}
