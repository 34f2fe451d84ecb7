using System.Text;

namespace Clusternet.ControlPlane.Hosting;

/// <summary>
/// A kubeconfig: one cluster (the server URL), one user (the admin, by default) with its bearer token, and a current context
/// on them. The cluster carries the instance CA, so clients verify the server's certificate.
/// </summary>
internal static class Kubeconfig
{
    public const string FileName = "admin.kubeconfig";

    public static string Render(Uri server, string certificateAuthorityPem, string token, string user = "admin")
    {
        var url = server.GetLeftPart(UriPartial.Authority);
        var text = new StringBuilder();
        text.Append("apiVersion: v1\n");
        text.Append("kind: Config\n");
        text.Append("clusters:\n");
        text.Append("- name: clusternet\n");
        text.Append("  cluster:\n");
        text.Append("    server: ").Append(url).Append('\n');
        text.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(Encoding.ASCII.GetBytes(certificateAuthorityPem))).Append('\n');
        text.Append("users:\n");
        text.Append("- name: ").Append(user).Append('\n');
        text.Append("  user:\n");
        text.Append("    token: ").Append(token).Append('\n');
        text.Append("contexts:\n");
        text.Append("- name: ").Append(user).Append("@clusternet\n");
        text.Append("  context:\n");
        text.Append("    cluster: clusternet\n");
        text.Append("    user: ").Append(user).Append('\n');
        text.Append("    namespace: default\n");
        text.Append("current-context: ").Append(user).Append("@clusternet\n");
        text.Append("preferences: {}\n");
        return text.ToString();
    }
}
