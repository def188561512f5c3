<#
.SYNOPSIS
  Builds and signs the ChairDesk installer for Windows: ChairDesk-X.Y.Z.msi.

.DESCRIPTION
  1. Reads the version from pyproject.toml (the one place it is written).
  2. Makes the PyInstaller one-folder build (packaging\chairdesk.spec) in a virtual environment of its own, and
     smoke-tests it (packaging\smoke_test.py: the command line, the documents, the windows offscreen).
  3. Signs chairdesk.exe and chairdeskw.exe (and, with -SignAllBinaries, every unsigned .dll and .pyd) with the
     council's code-signing certificate, timestamped, so the signature outlives the certificate.
  4. Harvests the folder into the MSI with WiX Toolset v5 (wix build -d Version=...), then signs the MSI.

  Run it from a "Developer PowerShell" (or any PowerShell with signtool.exe from the Windows SDK on PATH) at the
  top of a clone of the repository. See packaging\README.md for the whole procedure.

.EXAMPLE
  # The certificate in the user's or machine's certificate store (a smart card or HSM-backed one included):
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -CertificateThumbprint 0123456789ABCDEF...

.EXAMPLE
  # A .pfx file (the password is asked for, never written on the command line):
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -PfxPath C:\keys\council-codesign.pfx

.EXAMPLE
  # An unsigned build to try the installer on a test machine (never to give out):
  powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -Unsigned
#>
[CmdletBinding(DefaultParameterSetName = "Store")]
param(
    [Parameter(ParameterSetName = "Store", Mandatory = $true)]
    [string] $CertificateThumbprint,

    [Parameter(ParameterSetName = "Pfx", Mandatory = $true)]
    [string] $PfxPath,

    [Parameter(ParameterSetName = "Unsigned", Mandatory = $true)]
    [switch] $Unsigned,

    # An RFC 3161 timestamping service; use the one your certificate's issuer names.
    [string] $TimestampUrl = "http://timestamp.digicert.com",

    # The publisher shown in Add or Remove Programs, e.g. "Anytown Borough Council".
    [string] $Manufacturer = "ChairDesk",

    # Also sign every .dll and .pyd that is not signed already (some application-control policies ask for it).
    [switch] $SignAllBinaries,

    [string] $Python = "py",
    [string] $WixVersion = "5.0.2"
)

$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root
$out = Join-Path $root "build\windows"
$app = Join-Path $out "dist\chairdesk"

function Say([string] $message) { Write-Host "== $message" -ForegroundColor Cyan }

function Invoke-Checked([string] $program, [string[]] $arguments) {
    & $program @arguments
    if ($LASTEXITCODE -ne 0) { throw "$program $($arguments -join ' ') failed (exit code $LASTEXITCODE)" }
}

# -- 1. The version, from pyproject.toml --------------------------------------------------------------------------
$pythonArgs = @()
if ($Python -eq "py") { $pythonArgs = @("-3.11") }
$version = (& $Python @pythonArgs -c "import tomllib; print(tomllib.load(open('pyproject.toml', 'rb'))['project']['version'])").Trim()
if ($LASTEXITCODE -ne 0) { throw "Python 3.11 could not read pyproject.toml: install Python 3.11 from python.org" }
# An MSI version is three numbers (major and minor below 256, the third below 65536); a pre-release such as 1.2.0rc1
# cannot be an MSI version.
if ($version -notmatch '^(\d+)\.(\d+)\.(\d+)$' -or [int]$Matches[1] -gt 255 -or [int]$Matches[2] -gt 255 -or [int]$Matches[3] -gt 65535) {
    throw "pyproject.toml's version '$version' cannot be an MSI version: use three numbers, X.Y.Z"
}
Say "ChairDesk $version"

# -- 2. The one-folder build, smoke-tested -------------------------------------------------------------------------
$venv = Join-Path $out "venv"
if (-not (Test-Path (Join-Path $venv "Scripts\python.exe"))) {
    Invoke-Checked $Python ($pythonArgs + @("-m", "venv", $venv))
}
$venvPython = Join-Path $venv "Scripts\python.exe"
Invoke-Checked $venvPython @("-m", "pip", "install", "-q", "--upgrade", "pip")
# The versions the suite passed with, each file checked against its hash (requirements-test.lock: the app's and
# PyInstaller's; scripts/lock.sh makes it). Then ChairDesk itself, installed (not editable) so that the build
# carries this version's metadata: the version and the licences.
Invoke-Checked $venvPython @("-m", "pip", "install", "-q", "--require-hashes", "-r", "requirements-test.lock")
Invoke-Checked $venvPython @("-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", ".")
Say "PyInstaller: one folder (never one file)"
if (Test-Path $app) { Remove-Item -Recurse -Force $app }
Invoke-Checked $venvPython @("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", (Join-Path $out "dist"), "--workpath", (Join-Path $out "work"), "packaging\chairdesk.spec")
$said = (& (Join-Path $app "chairdesk.exe") --version).Trim()
if ($said -ne "ChairDesk $version") { throw "the build says '$said', not 'ChairDesk $version'" }
Invoke-Checked $venvPython @("packaging\smoke_test.py", (Join-Path $app "chairdesk.exe"))

# -- Signing -------------------------------------------------------------------------------------------------------
$signtool = (Get-Command signtool.exe -ErrorAction SilentlyContinue)
if (-not $Unsigned -and -not $signtool) {
    throw "signtool.exe is not on PATH: install the Windows SDK's signing tools and run this from a Developer PowerShell"
}
$pfxPassword = $null
if ($PSCmdlet.ParameterSetName -eq "Pfx") {
    $pfxPassword = Read-Host -AsSecureString "Password of $PfxPath"
}

function Sign-Files([string[]] $files) {
    if ($Unsigned) { Write-Warning "NOT signed (-Unsigned): $($files -join ', ')"; return }
    $arguments = @("sign", "/fd", "SHA256", "/tr", $TimestampUrl, "/td", "SHA256", "/d", "ChairDesk")
    if ($PSCmdlet.ParameterSetName -eq "Store") {
        $arguments += @("/sha1", $CertificateThumbprint)
    } else {
        $plain = [Runtime.InteropServices.Marshal]::PtrToStringBSTR(
            [Runtime.InteropServices.Marshal]::SecureStringToBSTR($pfxPassword))
        $arguments += @("/f", $PfxPath, "/p", $plain)
    }
    Invoke-Checked $signtool.Source ($arguments + $files)
    Invoke-Checked $signtool.Source (@("verify", "/pa", "/q") + $files)
}

Say "Signing the programs"
$programs = @((Join-Path $app "chairdesk.exe"), (Join-Path $app "chairdeskw.exe"))
Sign-Files $programs
if ($SignAllBinaries -and -not $Unsigned) {
    $unsignedBinaries = Get-ChildItem -Path $app -Recurse -Include *.dll, *.pyd |
        Where-Object { (Get-AuthenticodeSignature $_.FullName).Status -ne "Valid" } |
        ForEach-Object { $_.FullName }
    # signtool takes many files at once; a few hundred at a time keeps the command line short enough.
    for ($i = 0; $i -lt $unsignedBinaries.Count; $i += 200) {
        Sign-Files $unsignedBinaries[$i..([Math]::Min($i + 199, $unsignedBinaries.Count - 1))]
    }
}

# -- 3. The MSI ----------------------------------------------------------------------------------------------------
$wix = Get-Command wix -ErrorAction SilentlyContinue
if (-not $wix) {
    Say "Installing WiX Toolset $WixVersion (dotnet tool)"
    Invoke-Checked dotnet @("tool", "install", "--global", "wix", "--version", $WixVersion)
    $env:PATH += ";$env:USERPROFILE\.dotnet\tools"
}
$wixSaid = (& wix --version).Trim()
if ($wixSaid -notmatch '^[56]\.') { throw "ChairDesk.wxs needs WiX Toolset v5 or later (the Files element); found $wixSaid" }
$msi = Join-Path $out "ChairDesk-$version.msi"
Say "WiX: $msi"
Invoke-Checked wix @("build", "packaging\windows\ChairDesk.wxs", "-arch", "x64",
    "-d", "Version=$version", "-d", "Manufacturer=$Manufacturer",
    "-bindpath", "App=$app", "-o", $msi)
Say "Signing the installer"
Sign-Files @($msi)

Say "Done: $msi"
Write-Host "Install silently:    msiexec /i `"$msi`" /qn /l*v install.log"
Write-Host "Uninstall silently:  msiexec /x `"$msi`" /qn"
