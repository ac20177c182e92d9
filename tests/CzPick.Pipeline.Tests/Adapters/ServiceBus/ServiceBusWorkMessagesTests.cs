using Azure.Messaging.ServiceBus;
using CzPick.Pipeline.Adapters.ServiceBus;
using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Tests.Adapters.ServiceBus;

public sealed class ServiceBusWorkMessagesTests
{
    [Fact]
    public void Create_Block_IdForDuplicateDetectionAndTraceableProperties()
    {
        BlockWorkItem item = WorkQueueContractTests.Item(block: 12, attempt: 2);

        ServiceBusMessage message = ServiceBusWorkMessages.Create(item);

        Assert.Equal("TS_5_4-0123456789abcdef:12:2", message.MessageId);
        Assert.Equal("TS_5_4-0123456789abcdef", message.CorrelationId);
        Assert.Equal("czpick.block", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("TS_5_4", message.ApplicationProperties["run"]);
        Assert.Equal(12, message.ApplicationProperties["block"]);
        Assert.Equal(2, message.ApplicationProperties["attempt"]);
        Assert.InRange(message.Body.ToMemory().Length, 1, 2048);
    }

    [Fact]
    public void TryRead_MessageAsReceived_SameBlock()
    {
        BlockWorkItem item = WorkQueueContractTests.Item(block: 3);
        ServiceBusMessage sent = ServiceBusWorkMessages.Create(item);
        ServiceBusReceivedMessage received = ServiceBusModelFactory.ServiceBusReceivedMessage(body: sent.Body, messageId: sent.MessageId, deliveryCount: 1);

        Assert.Equal(item, ServiceBusWorkMessages.TryRead(received));
    }

    [Fact]
    public void TryRead_BodyNotABlock_Null()
    {
        ServiceBusReceivedMessage received = ServiceBusModelFactory.ServiceBusReceivedMessage(body: BinaryData.FromString("[1, 2"), messageId: "x");

        Assert.Null(ServiceBusWorkMessages.TryRead(received));
    }

    [Fact]
    public void MessageId_ResendOfSameBlock_Differs()
    {
        Assert.NotEqual(WorkQueueContractTests.Item(4, attempt: 1).MessageId, WorkQueueContractTests.Item(4, attempt: 2).MessageId);
        Assert.Equal(WorkQueueContractTests.Item(4, attempt: 1).MessageId, WorkQueueContractTests.Item(4, attempt: 1).MessageId);
    }
}
