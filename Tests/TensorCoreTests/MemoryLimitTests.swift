// MemoryLimitTests: the one size check — how CAJAL_MAX_MEMORY is read, the default (a quarter
// of memory, at most 8 GiB, at most a quarter of an address-space limit), checked products,
// and sizes written the way people say them.
import Testing
@testable import TensorCore

/// Serialized: liveTensorStorageIsCountedInBytes measures the process's live bytes around a
/// 64 MiB tensor while aBudgetIsCrossedByLiveBytes... allocates and frees 24 MiB tensors; run
/// side by side, one moved the other's count by 24, 48 or 72 MiB.
@Suite(.serialized) struct MemoryLimitTests {
    @Test func settingsAreReadWithUnits() {
        #expect(MemoryLimit.parse("4G") == 4 << 30)
        #expect(MemoryLimit.parse("512M") == 512 << 20)
        #expect(MemoryLimit.parse("2.5GB") == Int(2.5 * Double(1 << 30)))
        #expect(MemoryLimit.parse("1GiB") == 1 << 30)
        #expect(MemoryLimit.parse("1000000") == 1_000_000)
        #expect(MemoryLimit.parse("lots") == nil)
        #expect(MemoryLimit.parse("-1G") == nil)
    }

    @Test func theDefaultLeavesTheMachineUsable() {
        let gib: UInt64 = 1 << 30
        #expect(MemoryLimit.resolve(setting: nil, physical: 24 * gib, addressSpace: nil) == 6 << 30)
        #expect(MemoryLimit.resolve(setting: nil, physical: 256 * gib, addressSpace: nil) == 8 << 30)
        #expect(MemoryLimit.resolve(setting: nil, physical: 24 * gib, addressSpace: 4 << 30) == 1 << 30)
        #expect(MemoryLimit.resolve(setting: "100M", physical: 24 * gib, addressSpace: nil) == 100 << 20)
        #expect(MemoryLimit.resolve(setting: "junk", physical: 24 * gib, addressSpace: nil) == 6 << 30)
    }

    @Test func productsAreChecked() {
        #expect(MemoryLimit.product([2, 3, 4]) == 24)
        #expect(MemoryLimit.product([1 << 31, 1 << 31, 4]) == nil)
        #expect(MemoryLimit.product([1 << 62, 4, 0]) == 0)
        #expect(MemoryLimit.product([-1, 2]) == nil)
    }

    @Test func sizesReadAsPeopleSayThem() {
        #expect(MemoryLimit.byteString(512) == "512 bytes")
        #expect(MemoryLimit.byteString(1.5 * 1024 * 1024) == "1.5 MB")
        #expect(MemoryLimit.byteString(80 * 1024 * 1024 * 1024) == "80 GB")
        #expect(MemoryLimit.byteString(2e10 * 4) == "74.5 GB")
    }

    @Test func anOverflowingShapeNeverReadsNegative() throws {
        let e = #expect(throws: TensorError.self) { try Tensor.zeros([1 << 31, 1 << 31]) }
        #expect(e?.message.hasPrefix("shape [2147483648, 2147483648] would need 16 EB; the limit is") == true, "\(String(describing: e))")
        let f = #expect(throws: TensorError.self) { try Tensor.zeros([1 << 40, 1 << 30]) }
        #expect(f?.message.contains("-") == false, "\(String(describing: f))")
    }

    @Test func liveTensorStorageIsCountedInBytes() throws {
        // Other tests allocate at the same time: a ledger of its own counts this tensor exactly.
        let ledger = MemoryLedger.make()
        defer { ledger.close() }
        var t: Tensor? = try ledger.charging { try Tensor.zeros([4096, 4096]) }
        #expect(ledger.tensorBytes == 64 << 20)
        #expect(t?.count == 4096 * 4096)
        t = nil
        #expect(ledger.tensorBytes == 0)
    }

    @Test func aBudgetIsCrossedByLiveBytesAndRefusesOneRequestLargerThanItself() throws {
        final class Flag: @unchecked Sendable { var raised = 0 }
        let flag = Flag()
        let ledger = MemoryLedger.make()
        defer { ledger.close() }
        ledger.onCrossed = { flag.raised += 1 }
        ledger.beginBudget(64 << 20)
        // one request for more than the whole budget: an error before anything is allocated
        #expect(throws: TensorError.self) { try ledger.charging { try Tensor.ones([32 << 20]) } }
        #expect(ledger.endBudget())
        do {
            let e = try #require(throws: TensorError.self) {
                ledger.beginBudget(64 << 20)
                defer { ledger.endBudget() }
                _ = try ledger.charging { try Tensor.ones([32 << 20]) }
            }
            #expect(e.message == "memory limit exceeded: shape [33554432] would need 128 MB, more than the 64 MB this run may hold", "\(e.message)")
        }

        // tensors kept alive cross it: the owner is told at once and settles it after a collection
        ledger.beginBudget(64 << 20)
        var kept: [Tensor] = []
        try ledger.charging { for _ in 0..<3 { kept.append(try Tensor.ones([6 << 20])) } }  // 24 MiB each
        #expect(flag.raised == 1)
        #expect(ledger.takePressure())
        #expect(ledger.stillOverBudget())
        #expect(ledger.endBudget())

        // under the budget nothing happens
        kept = []
        #expect(ledger.tensorBytes == 0)
        ledger.beginBudget(64 << 20)
        try ledger.charging { for _ in 0..<2 { kept.append(try Tensor.ones([6 << 20])) } }
        #expect(ledger.tensorBytes == 48 << 20)
        #expect(flag.raised == 1)
        #expect(!ledger.takePressure())
        #expect(!ledger.endBudget())
        #expect(kept.count == 2)
    }

    /// Storage is charged to the ledger installed on the allocating thread, none elsewhere;
    /// a thread without a ledger has no budget, and a ledger installed twice stays installed
    /// until the outer scope ends.
    @Test func storageIsChargedToTheLedgerOfTheThreadThatMadeIt() throws {
        let ledger = MemoryLedger.make(), other = MemoryLedger.make()
        ledger.beginBudget(1 << 20)
        defer { ledger.close(); other.close() }
        let outside = try Tensor.ones([1 << 20])  // 4 MiB: no ledger here, no budget
        #expect(ledger.tensorBytes == 0 && MemoryLedger.current == nil)
        var inner: Tensor?
        try ledger.charging {
            #expect(MemoryLedger.current === ledger)
            try other.charging { inner = try Tensor.ones([1024]) }
            try ledger.charging { _ = try Tensor.ones([16]) }
            #expect(MemoryLedger.current === ledger)
        }
        #expect(MemoryLedger.current == nil)
        #expect(other.tensorBytes == 4096 && ledger.tensorBytes == 0)
        inner = nil
        #expect(other.tensorBytes == 0)
        #expect(outside.count == 1 << 20 && inner == nil)
    }

    /// A closed ledger is handed out again only once every buffer charged to it is freed, so
    /// a buffer that outlives its session still credits a ledger no one else counts on.
    @Test func aClosedLedgerIsReusedOnlyWhenNothingIsChargedToIt() throws {
        let first = MemoryLedger.make()
        var kept: Tensor? = try first.charging { try Tensor.ones([1024]) }
        first.close()
        let second = MemoryLedger.make()
        #expect(second !== first)
        #expect(first.tensorBytes == 4096)
        kept = nil
        #expect(first.tensorBytes == 0 && kept == nil)
        second.close()
    }
}
