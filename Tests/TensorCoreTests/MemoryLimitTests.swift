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
        // Other tests allocate at the same time, so the count is compared within a margin.
        let before = MemoryLimit.liveBytes
        var t: Tensor? = try Tensor.zeros([4096, 4096])
        let during = MemoryLimit.liveBytes
        #expect(abs(during - before - 64 << 20) < 8 << 20, "\(during - before)")
        #expect(t?.count == 4096 * 4096)
        t = nil
        #expect(abs(MemoryLimit.liveBytes - before) < 8 << 20)
    }

    @Test func aBudgetIsCrossedByLiveBytesAndRefusesOneRequestLargerThanItself() throws {
        final class Flag: @unchecked Sendable { var raised = 0 }
        let flag = Flag()
        MemoryLimit.beginBudget(64 << 20) { flag.raised += 1 }
        // one request for more than the whole budget: an error before anything is allocated
        #expect(throws: TensorError.self) { try Tensor.ones([32 << 20]) }
        #expect(MemoryLimit.endBudget())
        do {
            let e = try #require(throws: TensorError.self) {
                MemoryLimit.beginBudget(64 << 20) { flag.raised += 1 }
                defer { MemoryLimit.endBudget() }
                _ = try Tensor.ones([32 << 20])
            }
            #expect(e.message == "memory limit exceeded: shape [33554432] would need 128 MB, more than the 64 MB this run may hold", "\(e.message)")
        }

        // tensors kept alive cross it: the interpreter is told at once and settles it after a collection
        MemoryLimit.beginBudget(64 << 20) { flag.raised += 1 }
        var kept: [Tensor] = []
        for _ in 0..<3 { kept.append(try Tensor.ones([6 << 20])) }  // 24 MiB each
        #expect(flag.raised == 1)
        #expect(MemoryLimit.takePressure())
        #expect(MemoryLimit.stillOverBudget())
        #expect(MemoryLimit.endBudget())

        // under the budget nothing happens
        kept = []
        MemoryLimit.beginBudget(64 << 20) { flag.raised += 1 }
        for _ in 0..<2 { kept.append(try Tensor.ones([6 << 20])) }
        #expect(flag.raised == 1)
        #expect(!MemoryLimit.takePressure())
        #expect(!MemoryLimit.endBudget())
        #expect(kept.count == 2)
    }
}
