using System.Security.Cryptography;
using System.Text;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Fixed bearer tokens mapped to users, like kube-apiserver's <c>--token-auth-file</c>: the admin token, the loopback
/// token the built-in controllers use, and any the host configures. Tokens are compared in constant time.
/// </summary>
internal sealed class StaticTokenAuthenticator : ITokenAuthenticator
{
    private readonly (byte[] Token, UserInfo User)[] tokens;

    public StaticTokenAuthenticator(IEnumerable<KeyValuePair<string, UserInfo>> tokens) =>
        this.tokens = [.. tokens.Select(t => (Encoding.UTF8.GetBytes(t.Key), t.Value))];

    public ValueTask<TokenAuthenticationResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var presented = Encoding.UTF8.GetBytes(token);
        foreach (var (known, user) in tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(known, presented))
            {
                return ValueTask.FromResult(TokenAuthenticationResult.Success(user, audiences));
            }
        }

        return ValueTask.FromResult(TokenAuthenticationResult.NotApplicable);
    }
}
