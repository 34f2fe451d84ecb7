using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Tests.Validation;

public sealed class InvalidStatusTests
{
    private static readonly FieldError MissingFeeds = new(FieldErrorType.Required, "spec.feeds", "", "");

    private static readonly FieldError BadStrategy =
        new(FieldErrorType.NotSupported, "spec.schedulingStrategy", "Foo", "supported values: \"Replication\", \"Dividing\"");

    [Fact]
    public void SingleErrorStandsAloneInTheMessage() =>
        Assert.Equal(
            "Subscription.apps.clusternet.io \"demo\" is invalid: spec.feeds: Required value",
            InvalidStatus.Create("apps.clusternet.io", "Subscription", "demo", [MissingFeeds]).Message);

    [Fact]
    public void SeveralErrorsAreBracketed() =>
        Assert.Equal(
            "Subscription.apps.clusternet.io \"demo\" is invalid: [spec.schedulingStrategy: Unsupported value: \"Foo\": supported values: \"Replication\", \"Dividing\", spec.feeds: Required value]",
            InvalidStatus.Create("apps.clusternet.io", "Subscription", "demo", [BadStrategy, MissingFeeds]).Message);

    [Fact]
    public void RepeatedMessagesAppearOnce() =>
        Assert.Equal(
            "Subscription.apps.clusternet.io \"demo\" is invalid: spec.feeds: Required value",
            InvalidStatus.Create("apps.clusternet.io", "Subscription", "demo", [MissingFeeds, MissingFeeds]).Message);

    [Fact]
    public void CoreGroupKindIsUnqualified() =>
        Assert.StartsWith("ConfigMap \"cm\" is invalid", InvalidStatus.Create("", "ConfigMap", "cm", [MissingFeeds]).Message);

    [Fact]
    public void StatusIsA422InvalidFailure()
    {
        var status = InvalidStatus.Create("apps.clusternet.io", "Subscription", "demo", [MissingFeeds]);
        Assert.Equal(("v1", "Status", "Failure", "Invalid", 422), (status.ApiVersion, status.Kind, status.Status, status.Reason, status.Code));
        Assert.Equal(("demo", "apps.clusternet.io", "Subscription"), (status.Details.Name, status.Details.Group, status.Details.Kind));
    }

    [Fact]
    public void CausesCarryReasonBodyAndField()
    {
        var cause = InvalidStatus.Create("apps.clusternet.io", "Subscription", "demo", [BadStrategy]).Details.Causes.Single();
        Assert.Equal(
            ("FieldValueNotSupported", "Unsupported value: \"Foo\": supported values: \"Replication\", \"Dividing\"", "spec.schedulingStrategy"),
            (cause.Reason, cause.Message, cause.Field));
    }

    [Theory]
    [InlineData(1000000d, "1e+06")]
    [InlineData(123456d, "123456")]
    [InlineData(0.5d, "0.5")]
    [InlineData(0.00001d, "1e-05")]
    [InlineData(1234567d, "1.234567e+06")]
    public void FloatsRenderAsGoPrintsThem(double value, string expected) => Assert.Equal(expected, GoValueFormat.Float(value));

    [Fact]
    public void StringValuesAreGoQuoted() =>
        Assert.Equal("v: Invalid value: \"a\\\"b\\n\": bad", new FieldError(FieldErrorType.Invalid, "v", "a\"b\n", "bad").ToString());
}
