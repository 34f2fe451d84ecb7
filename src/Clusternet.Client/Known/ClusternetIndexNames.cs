namespace Clusternet.Known;

/// <summary>Names of the informer indexes Clusternet's controllers register.</summary>
public static class ClusternetIndexNames
{
    /// <summary>Indexes objects by the UID of the Subscription they descend from.</summary>
    public const string SubscriptionUid = "subUid";

    /// <summary>Indexes objects by the UID of the Base they descend from.</summary>
    public const string BaseUid = "baseUid";
}
