using System.Net;
using System.Text;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s.Models;

namespace Clusternet.Client.Tests.Clients;

/// <summary>Refusals become the typed exception their Status names, whether they come as a response or a watch ERROR event.</summary>
public sealed class StatusErrorMapperTests : IDisposable
{
    private readonly WireMockApi api = new();

    public void Dispose() => api.Dispose();

    private static string StatusJson(int code, string? reason, string message = "refused") =>
        $$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"{{message}}","reason":{{(reason is null ? "null" : $"\"{reason}\"")}},"code":{{code}}}""";

    [Theory]
    [InlineData(404, "NotFound", typeof(NotFoundException))]
    [InlineData(409, "AlreadyExists", typeof(AlreadyExistsException))]
    [InlineData(409, "Conflict", typeof(ConflictException))]
    [InlineData(422, "Invalid", typeof(InvalidException))]
    [InlineData(400, "BadRequest", typeof(BadRequestException))]
    [InlineData(401, "Unauthorized", typeof(UnauthorizedException))]
    [InlineData(403, "Forbidden", typeof(ForbiddenException))]
    [InlineData(405, "MethodNotAllowed", typeof(MethodNotAllowedException))]
    [InlineData(410, "Expired", typeof(ExpiredException))]
    [InlineData(410, "Gone", typeof(ExpiredException))]
    [InlineData(429, "TooManyRequests", typeof(TooManyRequestsException))]
    [InlineData(500, "InternalError", typeof(InternalErrorException))]
    [InlineData(503, "ServiceUnavailable", typeof(ServiceUnavailableException))]
    [InlineData(504, "Timeout", typeof(ServerTimeoutException))]
    [InlineData(500, "ServerTimeout", typeof(ServerTimeoutException))]
    [InlineData(409, null, typeof(ConflictException))]
    [InlineData(404, null, typeof(NotFoundException))]
    [InlineData(418, "Teapot", typeof(KubernetesApiException))]
    public async Task A_status_response_throws_the_exception_of_its_reason_then_code(int code, string? reason, Type expected)
    {
        api.Respond(StatusJson(code, reason, "the message"), code);
        var ex = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => api.CreateKubernetes().Resource<Widget, WidgetList>("ns1").GetAsync("w1"));
        Assert.IsType(expected, ex);
        Assert.Equal((HttpStatusCode)code, ex.StatusCode);
        Assert.Equal("the message", ex.Message);
        Assert.Equal(reason, ex.Reason);
    }

    [Fact]
    public async Task Invalid_carries_every_cause_with_its_field_path()
    {
        api.Respond("""
            {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,"message":"Widget \"w1\" is invalid",
             "details":{"name":"w1","kind":"Widget","causes":[
               {"reason":"FieldValueRequired","message":"Required value","field":"spec.size"},
               {"reason":"FieldValueInvalid","message":"must be lower case","field":"metadata.name"}]}}
            """, 422);
        var ex = await Assert.ThrowsAsync<InvalidException>(() => api.CreateKubernetes().Resource<Widget, WidgetList>("ns1").CreateAsync(Widget.Named("w1")));
        Assert.Equal(["spec.size", "metadata.name"], ex.Causes.Select(c => c.Field));
        Assert.Equal("FieldValueRequired", ex.Causes[0].Reason);
        Assert.Equal("must be lower case", ex.Causes[1].Message);
    }

    [Fact]
    public async Task TooManyRequests_takes_its_delay_from_the_Retry_After_header()
    {
        api.Respond(StatusJson(429, "TooManyRequests"), 429, response: r => r.WithHeader("Retry-After", "7"));
        var ex = await Assert.ThrowsAsync<TooManyRequestsException>(() => api.CreateKubernetes().Resource<Widget, WidgetList>("ns1").GetAsync("w1"));
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Fact]
    public void TooManyRequests_falls_back_to_details_retryAfterSeconds()
    {
        var status = new V1Status { Reason = "TooManyRequests", Code = 429, Details = new V1StatusDetails { RetryAfterSeconds = 3 } };
        var ex = Assert.IsType<TooManyRequestsException>(StatusErrorMapper.Map(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
    }

    [Fact]
    public async Task A_non_status_body_becomes_a_synthesised_status_with_the_body_as_message()
    {
        api.Server.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(503).WithHeader("Content-Type", "text/html")
                .WithBody("<html><body>upstream connect error</body></html>"));
        var ex = await Assert.ThrowsAsync<ServiceUnavailableException>(() => api.CreateKubernetes().Resource<Widget, WidgetList>("ns1").GetAsync("w1"));
        Assert.Equal("<html><body>upstream connect error</body></html>", ex.Message);
        Assert.Equal("ServiceUnavailable", ex.Reason);
        Assert.Equal(503, ex.Status.Code);
    }

    [Fact]
    public void A_plain_text_body_is_not_mistaken_for_a_status()
    {
        Assert.Null(StatusErrorMapper.TryReadStatus(Encoding.UTF8.GetBytes("404 page not found")));
        var status = StatusErrorMapper.Synthesise(HttpStatusCode.NotFound, Encoding.UTF8.GetBytes("404 page not found\n"));
        Assert.Equal("404 page not found", status.Message);
        Assert.IsType<NotFoundException>(StatusErrorMapper.Map(HttpStatusCode.NotFound, status));
    }

    [Theory]
    [InlineData(410, "Expired", typeof(ExpiredException))]
    [InlineData(500, "InternalError", typeof(InternalErrorException))]
    [InlineData(403, "Forbidden", typeof(ForbiddenException))]
    public async Task A_watch_error_event_throws_the_exception_of_its_status(int code, string reason, Type expected)
    {
        api.Respond(
            """{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"2"}}}""" + "\n" +
            $$"""{"type":"ERROR","object":{{StatusJson(code, reason)}}}""" + "\n");
        var seen = new List<string>();
        var ex = await Assert.ThrowsAnyAsync<KubernetesApiException>(async () =>
        {
            await foreach (var e in api.CreateKubernetes().Resource<Widget, WidgetList>("ns1").WatchStreamAsync(new WatchOptions { ResourceVersion = "1" }))
            {
                seen.Add(e.Object.Metadata.Name);
            }
        });
        Assert.IsType(expected, ex);
        Assert.Equal((HttpStatusCode)code, ex.StatusCode);
        Assert.Equal(["a"], seen);
    }

    [Fact]
    public async Task A_watch_refused_with_http_410_throws_Expired()
    {
        api.Respond(StatusJson(410, "Expired"), 410);
        await Assert.ThrowsAsync<ExpiredException>(async () =>
        {
            await foreach (var _ in api.CreateKubernetes().Resource<Widget, WidgetList>("ns1").WatchStreamAsync(new WatchOptions { ResourceVersion = "1" }))
            {
            }
        });
    }
}
