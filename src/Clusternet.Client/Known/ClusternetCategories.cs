namespace Clusternet.Known;

/// <summary>Discovery categories (<c>kubectl get &lt;category&gt;</c>) Clusternet's resources belong to.</summary>
public static class ClusternetCategories
{
    /// <summary>Every Clusternet kind: <c>kubectl get clusternet</c>.</summary>
    public const string Clusternet = "clusternet";

    /// <summary>Every resource the shadow API mirrors; it replaces the original's categories.</summary>
    public const string Shadow = "clusternet.shadow";
}
