package io.clockmirror.infra.settings;

/** The CPU and memory combinations Fargate accepts for a task. */
final class FargateSize {

  private FargateSize() {}

  static boolean isValid(int cpu, int memoryMiB) {
    return switch (cpu) {
      case 256 -> memoryMiB == 512 || memoryMiB == 1024 || memoryMiB == 2048;
      case 512 -> inGigabytes(memoryMiB, 1, 4, 1);
      case 1024 -> inGigabytes(memoryMiB, 2, 8, 1);
      case 2048 -> inGigabytes(memoryMiB, 4, 16, 1);
      case 4096 -> inGigabytes(memoryMiB, 8, 30, 1);
      case 8192 -> inGigabytes(memoryMiB, 16, 60, 4);
      case 16384 -> inGigabytes(memoryMiB, 32, 120, 8);
      default -> false;
    };
  }

  private static boolean inGigabytes(int memoryMiB, int min, int max, int step) {
    return memoryMiB % 1024 == 0
        && memoryMiB / 1024 >= min
        && memoryMiB / 1024 <= max
        && (memoryMiB / 1024 - min) % step == 0;
  }
}
