using System.Text;
using Clusternet.Redirection;

namespace Clusternet.Client.Tests.Redirection;

public sealed class ChildCredentialsTests
{
    [Fact]
    public void A_token_is_sent_as_is_as_the_clusternet_token_extra() =>
        Assert.Equal(
            [new("Impersonate-User", "clusternet"), new("Impersonate-Extra-Clusternet-Token", "child-token")],
            ChildCredentials.FromToken("child-token").Headers());

    [Fact]
    public void A_certificate_and_key_are_sent_as_base64_of_their_pem()
    {
        const string cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        const string key = "-----BEGIN EC PRIVATE KEY-----\nBBBB\n-----END EC PRIVATE KEY-----\n";
        var headers = ChildCredentials.FromCertificate(cert, key).Headers().ToDictionary();
        Assert.Equal("clusternet", headers["Impersonate-User"]);
        Assert.Equal(cert, Encoding.UTF8.GetString(Convert.FromBase64String(headers["Impersonate-Extra-Clusternet-Certificate"])));
        Assert.Equal(key, Encoding.UTF8.GetString(Convert.FromBase64String(headers["Impersonate-Extra-Clusternet-PrivateKey"])));
    }

    [Fact]
    public void A_token_with_a_line_break_is_refused() =>
        Assert.Throws<ArgumentException>(() => ChildCredentials.FromToken("a\r\nImpersonate-Group: system:masters"));

    [Fact]
    public void A_certificate_that_is_not_pem_is_refused() =>
        Assert.Throws<ArgumentException>(() => ChildCredentials.FromCertificate("MIIB", "MIIB"));
}
