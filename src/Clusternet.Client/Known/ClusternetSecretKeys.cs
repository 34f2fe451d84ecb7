namespace Clusternet.Known;

/// <summary>Data keys of the Secrets the agent reads and writes (see <see cref="ClusternetNames"/> for the Secrets).</summary>
public static class ClusternetSecretKeys
{
    /// <summary>The PEM certificate authority of the cluster the credentials are for.</summary>
    public const string CaCertificate = "ca.crt";

    /// <summary>The bearer token.</summary>
    public const string Token = "token";

    /// <summary>In <c>parent-cluster</c>: the child's dedicated namespace in the parent.</summary>
    public const string Namespace = "namespace";

    /// <summary>The advertised URL of the API server the credentials are for.</summary>
    public const string ApiServerUrl = "apiserver-advertise-url";

    /// <summary>In <c>child-cluster-deployer</c>: the name of the ServiceAccount the token belongs to.</summary>
    public const string ServiceAccountName = "service-account.name";

    /// <summary>In <c>child-cluster-deployer</c>: the UID of the ServiceAccount the token belongs to.</summary>
    public const string ServiceAccountUid = "service-account.uid";

    /// <summary>In the registration Secrets: the parent's API server URL.</summary>
    public const string ParentUrl = "parentURL";

    /// <summary>In the registration Secrets: the bootstrap token used to register.</summary>
    public const string RegistrationToken = "regToken";

    /// <summary>In the Cluster API Secret template: the agent image to run.</summary>
    public const string Image = "image";
}
