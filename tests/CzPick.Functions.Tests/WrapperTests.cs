using System.Reflection;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CzPick.Functions.Tests;

/// <summary>
/// The Functions wrappers and <c>czpick dev</c>'s Durable Task registration must describe the same orchestration:
/// the same names, each wrapper taking and returning exactly what the pipeline's class does.
/// </summary>
public sealed class WrapperTests
{
    static readonly MethodInfo[] Wrappers = typeof(BlockDoneFunction).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Where(method => method.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToArray();

    [Fact]
    public void ActivityWrappers_Names_EveryPipelineActivityAndNothingElse()
    {
        Assert.Equal(PipelineTaskNames.Activities.Order(), ActivityWrappers().Select(Name).Order());
    }

    [Fact]
    public void ActivityWrappers_Signatures_SameInputAndOutputAsTheActivityClass()
    {
        foreach (MethodInfo wrapper in ActivityWrappers())
        {
            Type activity = typeof(PickTomogram).Assembly.GetTypes().Single(type => type.Name == Name(wrapper) && !type.IsAbstract);
            Type[] arguments = activity.BaseType!.GetGenericArguments();
            Assert.Equal(typeof(TaskActivity<,>), activity.BaseType.GetGenericTypeDefinition());
            Assert.Equal(arguments[0], wrapper.GetParameters().Single(parameter => parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null).ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(arguments[1]), wrapper.ReturnType);
        }
    }

    [Fact]
    public void OrchestratorWrapper_Signature_SameInputAndOutputAsPickTomogram()
    {
        MethodInfo wrapper = Wrappers.Single(method => method.GetParameters().Any(parameter => parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null));

        Assert.Equal(PipelineTaskNames.PickTomogram, Name(wrapper));
        Assert.Equal(typeof(Task<>).MakeGenericType(typeof(PickTomogram).BaseType!.GetGenericArguments()[1]), wrapper.ReturnType);
    }

    [Fact]
    public void DurableRegistry_EveryWrappedName_AlreadyRegistered()
    {
        DurableTaskRegistry registry = new DurableTaskRegistry().AddPickTomogram();

        // The registry refuses a second registration under a name: every wrapper's name must be refused.
        foreach (MethodInfo wrapper in ActivityWrappers())
        {
            Assert.Throws<ArgumentException>(() => registry.AddActivityFunc<int, int>(Name(wrapper), (context, input) => input));
        }

        Assert.Throws<ArgumentException>(() => registry.AddOrchestratorFunc<int, int>(PipelineTaskNames.PickTomogram, (context, input) => input));
    }

    static IEnumerable<MethodInfo> ActivityWrappers() =>
        Wrappers.Where(method => method.GetParameters().Any(parameter => parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null));

    static string Name(MethodInfo wrapper) => wrapper.GetCustomAttribute<FunctionAttribute>()!.Name;
}
