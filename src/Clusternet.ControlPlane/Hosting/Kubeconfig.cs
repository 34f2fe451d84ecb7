using System.Text;

namespace Clusternet.ControlPlane.Hosting;

/// <summary>
/// The admin kubeconfig: one cluster (the server URL) and a current context on it. The context names no user
/// until authentication lands: KubernetesClient refuses a named user that has no credentials, while a context
/// without one is accepted by it, kubectl and client-node. <c>insecure-skip-tls-verify</c> is set because client-node
/// refuses plain http without it; kubectl and KubernetesClient accept it.
/// </summary>
internal static class Kubeconfig
{
    public const string FileName = "admin.kubeconfig";

    public static string Render(Uri server)
    {
        var url = server.GetLeftPart(UriPartial.Authority);
        var text = new StringBuilder();
        text.Append("apiVersion: v1\n");
        text.Append("kind: Config\n");
        text.Append("clusters:\n");
        text.Append("- name: clusternet\n");
        text.Append("  cluster:\n");
        text.Append("    server: ").Append(url).Append('\n');
        text.Append("    insecure-skip-tls-verify: true\n");
        text.Append("users: []\n");
        text.Append("contexts:\n");
        text.Append("- name: admin@clusternet\n");
        text.Append("  context:\n");
        text.Append("    cluster: clusternet\n");
        text.Append("    namespace: default\n");
        text.Append("current-context: admin@clusternet\n");
        text.Append("preferences: {}\n");
        return text.ToString();
    }
}
