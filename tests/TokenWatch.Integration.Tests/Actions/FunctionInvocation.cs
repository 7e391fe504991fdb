using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker;

namespace TokenWatch.Integration.Tests.Actions;

/// <summary>
/// The invocation the Functions worker hands an HTTP function; <see cref="ActOnAlert"/> reads none of it, its
/// request and response only need one.
/// </summary>
internal sealed class FunctionInvocation : FunctionContext
{
    public override string InvocationId => "invocation-1";

    public override string FunctionId => "ActOnAlert";

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext => throw new NotSupportedException();

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; } = new ServiceProviderStub();

    public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features => throw new NotSupportedException();

    private sealed class ServiceProviderStub : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
