namespace Clusternet.Apis.Multicluster.V1Alpha1;

/// <summary>How an imported multi-cluster service is addressed (<c>spec.type</c> of ServiceImport); exactly the CRD's enum.</summary>
public static class ServiceImportType
{
    /// <summary>The service gets one virtual IP for the whole cluster set.</summary>
    public const string ClusterSetIP = "ClusterSetIP";

    /// <summary>The service has no virtual IP; its name resolves to the endpoints' addresses.</summary>
    public const string Headless = "Headless";
}
